package io.custody.monitoring;

import io.custody.values.ColumnProfile;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A baseline distribution of one feature, which windows are compared with. */
public sealed interface Reference {

    /**
     * Numeric: bins split at {@code edges} (a bin holds values from its lower edge, inclusive, to its upper edge,
     * exclusive), {@code shares} per bin ({@code edges.length + 1} of them), and the baseline's KLL sketch when it
     * came from predictions (null from a dataset profile, whose KS is then taken at the bin edges).
     */
    record Numeric(float[] edges, double[] shares, KllFloatsSketch sketch) implements Reference {
    }

    /** Categorical: the share of each category. */
    record Categorical(Map<String, Double> shares) implements Reference {
    }

    /** Bin labels a numeric profile histogram uses: {@code [0,10)}, {@code (0, 10]}, {@code 0..10}. */
    Pattern RANGE = Pattern.compile("^\\s*[\\[(]?\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|-inf)\\s*(?:,|\\.\\.)\\s*"
            + "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|\\+?inf)\\s*[\\])]?\\s*$");

    /** Deciles of a reference interval's values are its bins. */
    int REFERENCE_BINS = 10;

    /** The baselines of the profiled columns that have a histogram. */
    static Map<String, Reference> fromProfiles(List<ColumnProfile> profiles) {
        Map<String, Reference> out = new TreeMap<>();
        for (ColumnProfile p : profiles) {
            if (p.histogram().isEmpty()) {
                continue;
            }
            List<double[]> ranges = new ArrayList<>();
            boolean numeric = true;
            for (Map.Entry<String, Double> bin : p.histogram().entrySet()) {
                Matcher m = RANGE.matcher(bin.getKey());
                if (!m.matches()) {
                    numeric = false;
                    break;
                }
                ranges.add(new double[] {bound(m.group(1)), bound(m.group(2)), bin.getValue()});
            }
            if (numeric) {
                ranges.sort(Comparator.comparingDouble(r -> r[0]));
                float[] edges = new float[ranges.size() - 1];
                double[] shares = new double[ranges.size()];
                for (int i = 0; i < ranges.size(); i++) {
                    shares[i] = ranges.get(i)[2];
                    if (i < edges.length) {
                        edges[i] = (float) ranges.get(i)[1];
                    }
                }
                out.put(p.column(), new Numeric(edges, shares, null));
            } else {
                out.put(p.column(), new Categorical(new TreeMap<>(p.histogram())));
            }
        }
        return out;
    }

    /** The baselines of every feature and output of a reference interval. */
    static Map<String, Reference> fromWindow(WindowSketch window) {
        Map<String, Reference> out = new TreeMap<>();
        window.subjects().forEach((name, s) -> {
            if (s.numeric()) {
                double[] ranks = new double[REFERENCE_BINS - 1];
                for (int i = 0; i < ranks.length; i++) {
                    ranks[i] = (i + 1) / (double) REFERENCE_BINS;
                }
                float[] edges = distinct(s.quantiles().getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE));
                double[] shares = edges.length == 0 ? new double[] {1}
                        : s.quantiles().getPMF(edges, QuantileSearchCriteria.EXCLUSIVE);
                out.put(name, new Numeric(edges, shares, s.quantiles()));
            } else if (!s.categories().isEmpty()) {
                Map<String, Double> shares = new TreeMap<>();
                s.categories().forEach((label, n) -> shares.put(label, n.doubleValue()));
                out.put(name, new Categorical(shares));
            }
        });
        return out;
    }

    private static double bound(String text) {
        return switch (text) {
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static float[] distinct(float[] sorted) {
        float[] out = new float[sorted.length];
        int n = 0;
        for (float v : sorted) {
            if (n == 0 || v > out[n - 1]) {
                out[n++] = v;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
