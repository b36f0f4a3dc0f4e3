package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A registered model's name, e.g. credit-risk. Lowercase, so two teams can't register Credit-Risk and credit-risk. */
public record ModelName(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ModelName {
        Checks.require(value, FORM, 128, "must be lowercase letters, digits and . _ -");
    }

    public static ModelName of(String value) {
        return new ModelName(value);
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
