package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** The service that serves a model in an environment. */
public record ServiceName(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ServiceName {
        Checks.require(value, FORM, 128, "must be lowercase letters, digits and . _ -");
    }

    public static ServiceName of(String value) {
        return new ServiceName(value);
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
