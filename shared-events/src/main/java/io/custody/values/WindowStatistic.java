package io.custody.values;

/**
 * One statistic of one window: {@code feature} is a feature's name, {@code output} or {@code output.<field>};
 * {@code reference} is, for performance statistics, the model version's validation metric (null when it has none).
 */
public record WindowStatistic(String feature, Statistic statistic, double value, Double reference) {
}
