package io.custody.monitoring;

import io.custody.values.Statistic;
import io.custody.values.WindowStatistic;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The drift statistics of a window's features and outputs against their baselines. */
public final class DriftEvaluator {

    /** The ranks at which KS compares two sketches: both sketches' percentiles. */
    private static final double[] PERCENTILES = new double[99];

    static {
        for (int i = 0; i < PERCENTILES.length; i++) {
            PERCENTILES[i] = (i + 1) / 100.0;
        }
    }

    private DriftEvaluator() {
    }

    /** PSI and JS distance for every feature with a baseline, and KS for the numeric ones, by feature name. */
    public static List<WindowStatistic> evaluate(Map<String, Reference> references, WindowSketch window) {
        List<WindowStatistic> out = new ArrayList<>();
        window.subjects().forEach((name, s) -> {
            Reference ref = references.get(name);
            if (ref instanceof Reference.Numeric n && s.quantiles() != null && s.quantiles().getN() > 0) {
                double[] actual = n.edges().length == 0 ? new double[] {1}
                        : s.quantiles().getPMF(n.edges(), QuantileSearchCriteria.EXCLUSIVE);
                out.add(new WindowStatistic(name, Statistic.PSI, DriftStatistics.psi(n.shares(), actual), null));
                out.add(new WindowStatistic(name, Statistic.JS_DISTANCE, DriftStatistics.jsDistance(n.shares(), actual), null));
                out.add(new WindowStatistic(name, Statistic.KS, ks(n, s.quantiles()), null));
            } else if (ref instanceof Reference.Categorical c && !s.categories().isEmpty()) {
                TreeSet<String> labels = new TreeSet<>(c.shares().keySet());
                labels.addAll(s.categories().keySet());
                double[] expected = new double[labels.size()];
                double[] actual = new double[labels.size()];
                int i = 0;
                for (String label : labels) {
                    expected[i] = c.shares().getOrDefault(label, 0.0);
                    actual[i++] = s.categories().getOrDefault(label, 0L);
                }
                out.add(new WindowStatistic(name, Statistic.PSI, DriftStatistics.psi(expected, actual), null));
                out.add(new WindowStatistic(name, Statistic.JS_DISTANCE, DriftStatistics.jsDistance(expected, actual), null));
            }
        });
        return out;
    }

    private static double ks(Reference.Numeric reference, KllFloatsSketch window) {
        if (reference.sketch() == null) {
            // A profile only knows its bins: compare the CDFs at the bin edges.
            double[] base = new double[reference.edges().length];
            double[] shares = DriftStatistics.normalised(reference.shares());
            double cumulative = 0;
            for (int i = 0; i < base.length; i++) {
                cumulative += shares[i];
                base[i] = cumulative;
            }
            double[] cdf = reference.edges().length == 0 ? new double[0]
                    : window.getCDF(reference.edges(), QuantileSearchCriteria.EXCLUSIVE);
            return DriftStatistics.ks(base, cdf);
        }
        TreeSet<Float> points = new TreeSet<>();
        for (float q : reference.sketch().getQuantiles(PERCENTILES, QuantileSearchCriteria.INCLUSIVE)) {
            points.add(q);
        }
        for (float q : window.getQuantiles(PERCENTILES, QuantileSearchCriteria.INCLUSIVE)) {
            points.add(q);
        }
        float[] at = new float[points.size()];
        int i = 0;
        for (Float p : points) {
            at[i++] = p;
        }
        double[] a = reference.sketch().getCDF(at, QuantileSearchCriteria.INCLUSIVE);
        double[] b = window.getCDF(at, QuantileSearchCriteria.INCLUSIVE);
        return DriftStatistics.ks(java.util.Arrays.copyOf(a, at.length), java.util.Arrays.copyOf(b, at.length));
    }
}
