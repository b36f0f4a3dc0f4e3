package io.custody.values;

/** One named check of a validation (bias test, holdout AUC above threshold, ...), passed or failed. */
public record ValidationCheck(String name, boolean passed, String detail) {
}
