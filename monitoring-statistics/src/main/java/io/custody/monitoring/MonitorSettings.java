package io.custody.monitoring;

import io.custody.values.MonitorBaseline;
import io.custody.values.MonitorThreshold;
import io.custody.values.PerformanceSpec;
import io.custody.values.Statistic;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A monitor's settings as the processors keep them (from MonitorCreated and MonitorChanged), and the rules both
 * sides share: which window a time falls in, which threshold applies.
 */
public record MonitorSettings(List<String> features, MonitorBaseline baseline, Duration window,
                              List<MonitorThreshold> thresholds, PerformanceSpec performance) {

    /** Thresholds of the statistics a monitor given none uses: common rules of thumb (docs/monitoring.md). */
    public static final Map<Statistic, Double> DEFAULTS = Map.of(Statistic.PSI, 0.2, Statistic.JS_DISTANCE, 0.1,
            Statistic.KS, 0.1);

    /** Whether a feature is watched; outputs always are. */
    public boolean watches(String feature) {
        return features.contains(feature);
    }

    /** Whether a statistic on {@code feature} is judged: a watched feature or an output. */
    public boolean judges(String feature) {
        return watches(feature) || feature.equals(BatchSketcher.OUTPUT) || feature.startsWith(BatchSketcher.OUTPUT + ".");
    }

    /** The start of the window {@code at} falls in: windows are aligned on the epoch. */
    public Instant windowStart(Instant at) {
        long seconds = window.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }

    /**
     * The threshold of {@code statistic} on {@code feature}: its own, else one for every feature, else the default
     * when the monitor names no threshold of its own for any statistic; null when the statistic is not judged.
     */
    public Double threshold(String feature, Statistic statistic) {
        Double general = null;
        for (MonitorThreshold t : thresholds) {
            if (t.statistic() == statistic) {
                if (feature.equals(t.feature())) {
                    return t.value();
                }
                if (t.feature() == null) {
                    general = t.value();
                }
            }
        }
        if (general != null) {
            return general;
        }
        boolean anyDrift = thresholds.stream().anyMatch(t -> t.statistic().drift());
        return statistic.drift() && !anyDrift ? DEFAULTS.get(statistic) : null;
    }

    /**
     * Whether {@code value} breaks the threshold: above it for drift; for performance, worse than the validation
     * metric {@code reference} by more than it (never without a reference).
     */
    public static boolean breached(Statistic statistic, double value, double threshold, Double reference) {
        if (statistic.drift()) {
            return value > threshold;
        }
        if (reference == null) {
            return false;
        }
        return statistic.higherIsBetter() ? value < reference - threshold : value > reference + threshold;
    }
}
