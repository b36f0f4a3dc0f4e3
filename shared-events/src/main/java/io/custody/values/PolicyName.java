package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A policy's name ({@code lending}, {@code default-gates}): lowercase letters, digits and -. */
public record PolicyName(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** The name the shipped default goes by; nobody may publish under it. */
    public static final PolicyName BUILTIN = new PolicyName("builtin-gates");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public PolicyName {
        Checks.require(value, FORM, 64, "must be lowercase letters, digits and -");
    }

    public static PolicyName of(String value) {
        return new PolicyName(value);
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
