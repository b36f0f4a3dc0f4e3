package io.custody.monitoring;

import io.custody.values.FeatureSketch;
import io.custody.values.SketchBucket;
import org.apache.datasketches.kll.KllFloatsSketch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The merged sketches of one window (or one reference interval), per feature and output. Merging is
 * order-dependent only through KLL compaction, which {@link Kll} seeds from what is merged, so the same buckets
 * merged in the same order (a replay) give the same sketches.
 */
public final class WindowSketch {

    /** One feature's merged values. {@code quantiles} is null while none was numeric. */
    public static final class Subject {
        private long count;
        private long missing;
        private KllFloatsSketch quantiles;
        private final TreeMap<String, Long> categories = new TreeMap<>();

        public long count() {
            return count;
        }

        public KllFloatsSketch quantiles() {
            return quantiles;
        }

        public Map<String, Long> categories() {
            return categories;
        }

        /** Whether this is a numeric feature: more numeric values than labelled ones. */
        public boolean numeric() {
            long labelled = categories.values().stream().mapToLong(Long::longValue).sum();
            return quantiles != null && quantiles.getN() >= labelled;
        }
    }

    private final TreeMap<String, Subject> subjects = new TreeMap<>();

    public static WindowSketch of(List<FeatureSketch> sketches) {
        WindowSketch window = new WindowSketch();
        if (sketches != null) {
            sketches.forEach(window::merge);
        }
        return window;
    }

    /** Adds a bucket's outputs and those of its features that {@code watched} accepts. */
    public void add(SketchBucket bucket, Predicate<String> watched) {
        for (FeatureSketch f : bucket.features()) {
            if (watched.test(f.name())) {
                merge(f);
            }
        }
        bucket.outputs().forEach(this::merge);
    }

    public void merge(FeatureSketch sketch) {
        Subject s = subjects.computeIfAbsent(sketch.name(), n -> new Subject());
        if (sketch.quantiles() != null) {
            KllFloatsSketch other = Kll.decode(sketch.quantiles());
            if (s.quantiles == null) {
                s.quantiles = other;
            } else {
                Kll.merge(s.quantiles, other, sketch.name().hashCode() * 31L + s.count);
            }
        }
        s.count += sketch.count();
        s.missing += sketch.missing();
        sketch.categories().forEach((label, n) -> s.categories.merge(label, n, Long::sum));
    }

    public Map<String, Subject> subjects() {
        return subjects;
    }

    public boolean isEmpty() {
        return subjects.isEmpty();
    }

    /** The merged sketches, to store. */
    public List<FeatureSketch> sketches() {
        List<FeatureSketch> out = new ArrayList<>(subjects.size());
        subjects.forEach((name, s) -> out.add(new FeatureSketch(name, s.count, s.missing,
                s.quantiles == null ? null : Kll.encode(s.quantiles), s.categories)));
        return out;
    }
}
