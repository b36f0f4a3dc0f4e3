package io.custody.values;

/** What a monitored model does, which decides its performance statistics. */
public enum ModelTask {
    /** Accuracy and AUC, from a score in 0..1 and a 0/1 (or true/false) outcome. */
    CLASSIFICATION,
    /** MAE and RMSE, from a numeric prediction and a numeric outcome. */
    REGRESSION
}
