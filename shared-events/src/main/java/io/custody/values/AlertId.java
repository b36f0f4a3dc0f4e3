package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * An alert: {@code environment/service/number}, numbered by its deployment's monitor from 1. The monitor that
 * owns it is in its name, so a command about an alert finds its stream without a lookup.
 */
public record AlertId(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9._-]*/[1-9][0-9]{0,8}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public AlertId {
        Checks.require(value, FORM, 210, "must be environment/service/number, e.g. production/credit-api/3");
    }

    public static AlertId of(Environment environment, ServiceName service, int number) {
        return new AlertId(environment.value() + "/" + service.value() + "/" + number);
    }

    public Environment environment() {
        return new Environment(value.substring(0, value.indexOf('/')));
    }

    public ServiceName service() {
        return new ServiceName(value.substring(value.indexOf('/') + 1, value.lastIndexOf('/')));
    }

    public int number() {
        return Integer.parseInt(value.substring(value.lastIndexOf('/') + 1));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
