package io.custody.command.monitoring;

import io.custody.command.lookup.CommandLookups;
import io.custody.errors.CustodyException;
import io.custody.values.Environment;
import io.custody.values.ModelTask;
import io.custody.values.MonitorBaseline;
import io.custody.values.MonitorThreshold;
import io.custody.values.PerformanceSpec;
import io.custody.values.ServiceName;
import io.custody.values.Statistic;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules a monitor's settings obey, shared by creating and changing one; each failure names its field. */
final class MonitorRules {

    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    static final int MAX_FEATURES = 200;
    static final int MAX_COMMENT = 2000;

    private MonitorRules() {
    }

    static void requireSettings(Environment environment, ServiceName service, List<String> features,
                                MonitorBaseline baseline, Duration window, List<MonitorThreshold> thresholds,
                                PerformanceSpec performance, CommandLookups lookups) {
        if (lookups.liveness(environment, service).isEmpty()) {
            throw CustodyException.notFound("input.service", "nothing was ever deployed to " + environment + "/" + service);
        }
        if (features == null || features.isEmpty()) {
            if (performance == null) {
                throw CustodyException.badRequest("input.features", "name at least one feature, or set performance");
            }
        } else {
            if (features.size() > MAX_FEATURES) {
                throw CustodyException.badRequest("input.features", "at most " + MAX_FEATURES + " features");
            }
            Set<String> seen = new HashSet<>();
            for (String f : features) {
                if (f == null || f.isBlank() || f.length() > 256) {
                    throw CustodyException.badRequest("input.features", "a feature name is 1 to 256 characters");
                }
                if (!seen.add(f)) {
                    throw CustodyException.badRequest("input.features", "feature " + f + " is named twice");
                }
            }
        }
        if (window == null || window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0
                || window.toSeconds() % 60 != 0 || window.toNanosPart() != 0) {
            throw CustodyException.badRequest("input.window", "must be whole minutes from PT1M to P7D, was " + window);
        }
        requireBaseline(baseline, lookups);
        for (MonitorThreshold t : thresholds == null ? List.<MonitorThreshold>of() : thresholds) {
            if (!t.statistic().drift()) {
                if (performance == null) {
                    throw CustodyException.badRequest("input.thresholds", t.statistic()
                            + " is a performance statistic: set performance to judge it");
                }
                boolean classification = performance.task() == ModelTask.CLASSIFICATION;
                boolean fits = classification == (t.statistic() == Statistic.ACCURACY || t.statistic() == Statistic.AUC);
                if (!fits) {
                    throw CustodyException.badRequest("input.thresholds", t.statistic() + " does not measure a "
                            + performance.task() + " model");
                }
            }
        }
    }

    private static void requireBaseline(MonitorBaseline baseline, CommandLookups lookups) {
        if (baseline == null) {
            throw CustodyException.badRequest("input.baseline", "is required: a dataset version or a reference interval");
        }
        boolean dataset = baseline.dataset() != null || baseline.version() != null;
        boolean reference = baseline.referenceFrom() != null || baseline.referenceTo() != null;
        if (dataset == reference) {
            throw CustodyException.badRequest("input.baseline", "give either dataset and version, or referenceFrom and referenceTo");
        }
        if (dataset) {
            if (baseline.dataset() == null || baseline.version() == null) {
                throw CustodyException.badRequest("input.baseline", "a dataset baseline names both dataset and version");
            }
            if (lookups.datasetVersion(baseline.dataset(), baseline.version()).isEmpty()) {
                throw CustodyException.notFound("input.baseline.version", "dataset " + baseline.dataset()
                        + " has no version " + baseline.version());
            }
        } else if (baseline.referenceFrom() == null || baseline.referenceTo() == null
                || !baseline.referenceFrom().isBefore(baseline.referenceTo())) {
            throw CustodyException.badRequest("input.baseline.referenceTo", "a reference interval needs referenceFrom before referenceTo");
        }
    }

    static String comment(String comment) {
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw CustodyException.badRequest("input.comment", "at most " + MAX_COMMENT + " characters");
        }
        return comment == null || comment.isBlank() ? null : comment;
    }
}
