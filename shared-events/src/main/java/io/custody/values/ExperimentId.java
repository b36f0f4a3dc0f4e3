package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** An experiment's id: MLflow clients address experiments by it ("1", "42"); Custody assigns it at creation. */
public record ExperimentId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ExperimentId {
        Checks.require(value, FORM, 64, "must start with a letter or digit and use letters, digits and . _ -");
    }

    public static ExperimentId of(String value) {
        return new ExperimentId(value);
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
