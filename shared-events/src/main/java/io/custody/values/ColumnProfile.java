package io.custody.values;

import java.util.Map;

/**
 * Summary statistics of one column: the drift baseline later windows are compared with. Numbers
 * only: a profile never carries raw values, so no personal data can leak into the log through it.
 */
public record ColumnProfile(String column, Long count, Long nullCount, Long distinctCount, Double min, Double max,
                            Double mean, Double stddev, Map<String, Double> histogram) {

    public ColumnProfile {
        io.custody.values.Checks.requireText(column, 256);
        histogram = histogram == null ? Map.of() : Map.copyOf(histogram);
    }
}
