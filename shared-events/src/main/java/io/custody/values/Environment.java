package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A deployment environment such as production or staging. */
public record Environment(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Environment {
        Checks.require(value, FORM, 64, "must be lowercase letters, digits and -");
    }

    public static Environment of(String value) {
        return new Environment(value);
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
