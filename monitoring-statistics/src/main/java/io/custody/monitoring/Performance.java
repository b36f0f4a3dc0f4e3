package io.custody.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.values.ModelTask;
import io.custody.values.PerformanceSpec;
import io.custody.values.Statistic;
import io.custody.values.WindowStatistic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A window's predictions joined with their outcomes, kept as mergeable totals: counts, error sums and, for
 * classifiers, the scores per class in {@link #BINS} bins of 0..1 (AUC from them is exact up to ties within a bin).
 * A record, so it is stored as JSON as it is.
 */
public record Performance(long count, long correct, double absoluteError, double squaredError, long[] positives,
                          long[] negatives, Map<String, Long> versions) {

    public static final int BINS = 100;

    public static Performance empty() {
        return new Performance(0, 0, 0, 0, new long[BINS], new long[BINS], new TreeMap<>());
    }

    /** The number the prediction's output gives for {@code spec}: a score or a predicted value; null when none. */
    public static Double predicted(PerformanceSpec spec, JsonNode output) {
        return number(output, spec.outputField(), spec.task() == ModelTask.CLASSIFICATION
                ? List.of("score", "probability") : List.of("value", "prediction"));
    }

    /** The number an outcome gives for {@code spec}: 1/0 (true/false) or the actual value; null when none. */
    public static Double actual(PerformanceSpec spec, JsonNode outcome) {
        return number(outcome, spec.outcomeField(), List.of("label", "value", "outcome"));
    }

    /** This tally and {@code other}'s together. */
    public Performance plus(Performance other) {
        long[] pos = positives.clone();
        long[] neg = negatives.clone();
        for (int i = 0; i < pos.length; i++) {
            pos[i] += other.positives()[i];
            neg[i] += other.negatives()[i];
        }
        Map<String, Long> v = new TreeMap<>(versions);
        other.versions().forEach((k, n) -> v.merge(k, n, Long::sum));
        return new Performance(count + other.count(), correct + other.correct(), absoluteError + other.absoluteError(),
                squaredError + other.squaredError(), pos, neg, v);
    }

    /** This tally with one more joined prediction. */
    public Performance with(ModelTask task, double predicted, double actual, String modelVersion) {
        long[] pos = positives.clone();
        long[] neg = negatives.clone();
        long right = correct;
        if (task == ModelTask.CLASSIFICATION) {
            int bin = (int) Math.min(BINS - 1, Math.max(0, Math.floor(predicted * BINS)));
            boolean positive = actual >= 0.5;
            (positive ? pos : neg)[bin]++;
            if ((predicted >= 0.5) == positive) {
                right++;
            }
        }
        double error = predicted - actual;
        Map<String, Long> v = new TreeMap<>(versions);
        if (modelVersion != null) {
            v.merge(modelVersion, 1L, Long::sum);
        }
        return new Performance(count + 1, right, absoluteError + Math.abs(error), squaredError + error * error, pos,
                neg, v);
    }

    /** The model version with the most joined predictions in the window. */
    public String modelVersion() {
        return versions.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** Accuracy and AUC, or MAE and RMSE, with {@code reference} filled in by the caller. */
    public List<WindowStatistic> statistics(ModelTask task) {
        List<WindowStatistic> out = new ArrayList<>();
        if (count == 0) {
            return out;
        }
        if (task == ModelTask.CLASSIFICATION) {
            out.add(new WindowStatistic(BatchSketcher.OUTPUT, Statistic.ACCURACY, correct / (double) count, null));
            Double auc = auc();
            if (auc != null) {
                out.add(new WindowStatistic(BatchSketcher.OUTPUT, Statistic.AUC, auc, null));
            }
        } else {
            out.add(new WindowStatistic(BatchSketcher.OUTPUT, Statistic.MAE, absoluteError / count, null));
            out.add(new WindowStatistic(BatchSketcher.OUTPUT, Statistic.RMSE, Math.sqrt(squaredError / count), null));
        }
        return out;
    }

    /** P(score of a positive > score of a negative), ties within a bin counted half; null without both classes. */
    Double auc() {
        long p = 0;
        long n = 0;
        for (int i = 0; i < BINS; i++) {
            p += positives[i];
            n += negatives[i];
        }
        if (p == 0 || n == 0) {
            return null;
        }
        double wins = 0;
        long negativesBelow = 0;
        for (int i = 0; i < BINS; i++) {
            wins += positives[i] * (negativesBelow + 0.5 * negatives[i]);
            negativesBelow += negatives[i];
        }
        return wins / ((double) p * n);
    }

    private static Double number(JsonNode node, String field, List<String> defaults) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode value = node;
        if (field != null) {
            value = node.get(field);
        } else if (node.isObject()) {
            value = defaults.stream().map(node::get).filter(v -> v != null && !v.isNull()).findFirst().orElse(null);
        }
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? 1.0 : 0.0;
        }
        String text = value.asText().trim();
        if (text.equalsIgnoreCase("true")) {
            return 1.0;
        }
        if (text.equalsIgnoreCase("false")) {
            return 0.0;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
