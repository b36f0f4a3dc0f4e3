package io.custody.values;

/**
 * A limit on one statistic. {@code feature} names the feature (or {@code output}, {@code output.<field>}) it
 * applies to; null applies it to every feature without a threshold of its own. For drift statistics the
 * monitor alerts above {@code value}; for performance statistics {@code value} is how much worse than the model
 * version's validation metric a window may be.
 */
public record MonitorThreshold(Statistic statistic, String feature, double value) {

    public MonitorThreshold {
        if (statistic == null) {
            throw io.custody.errors.CustodyException.badRequest("statistic", "is required");
        }
        if (feature != null) {
            Checks.requireText(feature, 256);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw io.custody.errors.CustodyException.badRequest("value", "must be a positive number, was " + value);
        }
    }
}
