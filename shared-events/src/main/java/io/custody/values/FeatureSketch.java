package io.custody.values;

import java.util.Map;

/**
 * A mergeable summary of one feature (or one prediction output) over some predictions: how many had a value,
 * how many had none, a KLL quantile sketch of the numeric values (Apache DataSketches {@code KllFloatsSketch},
 * serialized and base64-encoded; null when none was numeric) and counts per category of the other values.
 * Category labels are capped in number and length (docs/monitoring.md, "What is stored").
 */
public record FeatureSketch(String name, long count, long missing, String quantiles, Map<String, Long> categories) {

    public FeatureSketch {
        Checks.requireText(name, 256);
        categories = categories == null ? Map.of() : Map.copyOf(categories);
    }
}
