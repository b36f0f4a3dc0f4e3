package io.custody.values;

/** What a monitor measures in each window (formulas in docs/monitoring.md). */
public enum Statistic {
    /** Population Stability Index over the baseline's bins or categories. */
    PSI,
    /** Jensen–Shannon distance (base 2, 0..1) over the baseline's bins or categories. */
    JS_DISTANCE,
    /** Kolmogorov–Smirnov statistic, numeric features only. */
    KS,
    /** Share of classifications that matched the outcome. */
    ACCURACY,
    /** Area under the ROC curve of the classifier's score. */
    AUC,
    /** Mean absolute error of a regressor. */
    MAE,
    /** Root mean squared error of a regressor. */
    RMSE;

    /** A drift statistic (higher is worse) rather than a performance one. */
    public boolean drift() {
        return this == PSI || this == JS_DISTANCE || this == KS;
    }

    /** For performance statistics: true when a higher value is better (accuracy, AUC). */
    public boolean higherIsBetter() {
        return this == ACCURACY || this == AUC;
    }
}
