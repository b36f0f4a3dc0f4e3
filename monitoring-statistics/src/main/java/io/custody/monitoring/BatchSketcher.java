package io.custody.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.values.FeatureSketch;
import io.custody.values.SketchBucket;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sketches a batch of predictions per minute of prediction time: for each watched top-level feature and each
 * output field, a KLL sketch of the numeric values and counts of the others (text, true/false). Ingest passes the
 * features the deployment's monitor watches: a monitor folds no others, and parsing and sketching the rest would
 * cost ingest CPU for nothing (docs/monitoring.md, "What is and is not stored"). Nested objects and
 * arrays are not sketched. Bounded so a batch event stays small whatever is sent: at most {@link #MAX_FEATURES}
 * features, {@link #MAX_CATEGORIES} categories per feature (the rest counted as {@link #OTHER}) and labels of
 * {@link #MAX_LABEL} characters.
 */
public final class BatchSketcher {

    public static final int MAX_FEATURES = 200;
    public static final int MAX_CATEGORIES = 64;
    public static final int MAX_LABEL = 64;
    public static final String OTHER = "(other)";
    /** The name of a prediction output that is a single value; an object output's fields are {@code output.<field>}. */
    public static final String OUTPUT = "output";

    /** One prediction's time, features (null when sent as a digest only) and output. */
    public record Item(Instant at, JsonNode features, JsonNode output) {
    }

    private BatchSketcher() {
    }

    /** The buckets of {@code items}, sketching the features named in {@code watched} and every output field. */
    public static List<SketchBucket> sketch(List<Item> items, Set<String> watched) {
        TreeMap<Instant, List<Item>> byMinute = new TreeMap<>();
        for (Item item : items) {
            byMinute.computeIfAbsent(item.at().truncatedTo(ChronoUnit.MINUTES), m -> new ArrayList<>()).add(item);
        }
        List<SketchBucket> buckets = new ArrayList<>();
        byMinute.forEach((minute, in) -> {
            // Hashed while adding (a lookup per value), sorted once when built.
            HashMap<String, Builder> features = new HashMap<>();
            HashMap<String, Builder> outputs = new HashMap<>();
            for (Item item : in) {
                if (item.features() != null && item.features().isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> f = item.features().fields(); f.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = f.next();
                        if (watched.contains(e.getKey())) {
                            add(features, e.getKey(), e.getValue());
                        }
                    }
                }
                JsonNode output = item.output();
                if (output != null && output.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> f = output.fields(); f.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = f.next();
                        add(outputs, OUTPUT + "." + e.getKey(), e.getValue());
                    }
                } else if (output != null) {
                    add(outputs, OUTPUT, output);
                }
            }
            long seed = minute.getEpochSecond();
            Instant latest = in.get(0).at();
            for (Item item : in) {
                latest = item.at().isAfter(latest) ? item.at() : latest;
            }
            buckets.add(new SketchBucket(minute, build(features, seed), build(outputs, seed), latest));
        });
        return buckets;
    }

    private static void add(HashMap<String, Builder> into, String name, JsonNode value) {
        if (name.isBlank() || name.length() > 256) {
            return;
        }
        Builder builder = into.get(name);
        if (builder == null) {
            if (into.size() >= MAX_FEATURES) {
                return;
            }
            builder = new Builder();
            into.put(name, builder);
        }
        builder.add(value);
    }

    private static List<FeatureSketch> build(HashMap<String, Builder> builders, long seed) {
        List<FeatureSketch> sketches = new ArrayList<>(builders.size());
        new TreeMap<>(builders).forEach((name, b) -> sketches.add(b.build(name, seed ^ name.hashCode())));
        return sketches;
    }

    private static final class Builder {
        private float[] values = new float[16];
        private int numbers;
        private long count;
        private long missing;
        private final TreeMap<String, Long> categories = new TreeMap<>();

        void add(JsonNode value) {
            if (value == null || value.isNull() || value.isContainerNode()) {
                missing++;
                return;
            }
            count++;
            if (value.isNumber()) {
                if (numbers == values.length) {
                    values = Arrays.copyOf(values, numbers * 2);
                }
                values[numbers++] = (float) value.asDouble();
                return;
            }
            String label = value.asText();
            if (label.length() > MAX_LABEL) {
                label = label.substring(0, MAX_LABEL);
            }
            if (!categories.containsKey(label) && categories.size() >= MAX_CATEGORIES) {
                label = OTHER;
            }
            categories.merge(label, 1L, Long::sum);
        }

        FeatureSketch build(String name, long seed) {
            String quantiles = numbers == 0 ? null : Kll.encode(Kll.of(values, numbers, seed));
            return new FeatureSketch(name, count, missing, quantiles, categories);
        }
    }
}
