package io.custody.monitoring;

/**
 * The drift statistics between a baseline distribution and a window's, over the same bins (docs/monitoring.md
 * gives the formulas). Inputs are counts or shares; each side is normalised to sum to 1 first.
 */
public final class DriftStatistics {

    /** PSI's floor for an empty bin, so that an empty bin on one side gives a large but finite term. */
    public static final double PSI_FLOOR = 1e-4;

    private DriftStatistics() {
    }

    /** Population Stability Index: Σ (a − e) · ln(a / e), shares floored at {@link #PSI_FLOOR}. */
    public static double psi(double[] expected, double[] actual) {
        double[] e = normalised(expected);
        double[] a = normalised(actual);
        double psi = 0;
        for (int i = 0; i < e.length; i++) {
            double ei = Math.max(e[i], PSI_FLOOR);
            double ai = Math.max(a[i], PSI_FLOOR);
            psi += (ai - ei) * Math.log(ai / ei);
        }
        return psi;
    }

    /** Jensen–Shannon distance: the square root of the JS divergence in bits, so 0 (same) to 1 (disjoint). */
    public static double jsDistance(double[] p, double[] q) {
        double[] a = normalised(p);
        double[] b = normalised(q);
        double divergence = 0;
        for (int i = 0; i < a.length; i++) {
            double m = (a[i] + b[i]) / 2;
            if (a[i] > 0) {
                divergence += 0.5 * a[i] * log2(a[i] / m);
            }
            if (b[i] > 0) {
                divergence += 0.5 * b[i] * log2(b[i] / m);
            }
        }
        return Math.sqrt(Math.max(0, divergence));
    }

    /** Kolmogorov–Smirnov statistic: the largest distance between two CDFs evaluated at the same points. */
    public static double ks(double[] cdfA, double[] cdfB) {
        double max = 0;
        for (int i = 0; i < cdfA.length; i++) {
            max = Math.max(max, Math.abs(cdfA[i] - cdfB[i]));
        }
        return max;
    }

    static double[] normalised(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = sum > 0 ? values[i] / sum : 0;
        }
        return out;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
