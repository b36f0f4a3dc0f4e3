package io.custody.events.model;

import io.custody.values.ModelName;
import io.custody.values.ValidationCheck;

import java.util.List;
import java.util.Map;

/** A validation of a model version: metrics and named checks; it passed only if every check passed. */
public record ValidationRecorded(ModelName model, int version, Map<String, Double> metrics,
                                 List<ValidationCheck> checks, boolean passed, String validatedBy)
        implements ModelEvent {

    public ValidationRecorded {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
