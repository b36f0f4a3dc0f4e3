package io.custody.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.prediction.PredictionsRecorded;
import io.custody.values.SketchBucket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * What monitoring folds of a stored {@link PredictionsRecorded}: its sketches and its predictions' times, read
 * from the stored JSON with every other field skipped. Building the batch's hundreds of predictions (their
 * validated ids, digests and outputs) was most of what a monitoring processor spent on a batch. The store
 * contract's fixture of {@link PredictionsRecorded} pins the field names read here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PredictionBatchView(List<Prediction> predictions, List<SketchBucket> sketches) {

    /** A prediction's time; its other fields are skipped. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Prediction(Instant predictedAt) {
    }

    public static PredictionBatchView read(ObjectMapper json, byte[] stored) {
        try {
            return json.readValue(stored, PredictionBatchView.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a stored prediction batch", e);
        }
    }

    /** The latest prediction time; null for a batch without predictions. */
    public Instant latest() {
        Instant latest = null;
        if (predictions != null) {
            for (Prediction p : predictions) {
                if (p.predictedAt() != null && (latest == null || p.predictedAt().isAfter(latest))) {
                    latest = p.predictedAt();
                }
            }
        }
        return latest;
    }
}
