package org.apache.datasketches.kll;

/**
 * Seeds the random source KLL sketches compact with. The library keeps one, package-private and unseeded; a
 * class in its package is the only way to reach it, and Custody needs merges that a rebuild repeats exactly.
 * Callers hold {@code io.custody.monitoring.Kll}'s lock, so no other compaction draws from it meanwhile.
 */
public final class KllSeed {

    private KllSeed() {
    }

    public static void seed(long seed) {
        KllSketch.random.setSeed(seed);
    }
}
