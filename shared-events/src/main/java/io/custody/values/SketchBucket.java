package io.custody.values;

import java.time.Instant;
import java.util.List;

/**
 * The sketches of the predictions of one batch whose time falls in one minute: monitors' windows are whole
 * minutes, so a projection merges buckets into windows without ever splitting one. {@code latest} is the latest
 * prediction time among them, which moves a monitor's watermark without reading the batch's predictions; null in
 * buckets stored before it was recorded.
 */
public record SketchBucket(Instant minute, List<FeatureSketch> features, List<FeatureSketch> outputs, Instant latest) {

    public SketchBucket {
        features = features == null ? List.of() : List.copyOf(features);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
