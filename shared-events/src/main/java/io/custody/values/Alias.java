package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A model alias such as champion; points at one version at a time. */
public record Alias(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9_-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Alias {
        Checks.require(value, FORM, 64, "must be a lowercase word such as champion");
    }

    public static Alias of(String value) {
        return new Alias(value);
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
