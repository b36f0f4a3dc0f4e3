package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A training run's id, chosen by the pipeline that starts it (MLflow run ids, orchestrator task ids). */
public record RunId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RunId {
        Checks.require(value, FORM, 128, "must start with a letter or digit and use letters, digits and . _ - :");
    }

    public static RunId of(String value) {
        return new RunId(value);
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
