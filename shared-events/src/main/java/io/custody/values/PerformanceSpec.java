package io.custody.values;

/**
 * How a monitor reads performance from predictions and their outcomes. {@code outputField} names the
 * prediction output's field holding the score (classification) or the predicted value (regression), null when
 * the output is that number itself; {@code outcomeField} likewise for the outcome.
 */
public record PerformanceSpec(ModelTask task, String outputField, String outcomeField) {

    public PerformanceSpec {
        if (task == null) {
            throw io.custody.errors.CustodyException.badRequest("task", "is required (CLASSIFICATION or REGRESSION)");
        }
    }
}
