package io.custody.monitoring;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.prediction.PredictionsRecorded;
import io.custody.values.SketchBucket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * What monitoring folds of a stored {@link PredictionsRecorded}: its sketches and its latest prediction time, read
 * from the stored JSON without building the batch's hundreds of predictions (their validated ids, digests and
 * outputs), which was most of what a monitoring processor spent on a batch. A batch stores its sketches first,
 * each with its predictions' latest time, so the read stops after them; in a batch stored before either, the
 * predictions' times are read one by one. The store contract's fixtures of {@link PredictionsRecorded} pin the
 * field names read here.
 *
 * @param latest   the latest prediction time; null for a batch without predictions
 * @param sketches null for a batch stored without sketches
 */
public record PredictionBatchView(Instant latest, List<SketchBucket> sketches) {

    private static final TypeReference<List<SketchBucket>> BUCKETS = new TypeReference<>() {
    };

    public static PredictionBatchView read(ObjectMapper json, byte[] stored) {
        try (JsonParser parser = json.createParser(stored)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("a stored prediction batch is not a JSON object");
            }
            List<SketchBucket> sketches = null;
            Instant times = null;
            boolean timesRead = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("sketches".equals(field)) {
                    sketches = value == JsonToken.VALUE_NULL ? null : json.readValue(parser, BUCKETS);
                    Instant latest = latest(sketches);
                    if (latest != null || timesRead) {
                        return new PredictionBatchView(latest != null ? latest : times, sketches);
                    }
                } else if ("predictions".equals(field) && value == JsonToken.START_ARRAY) {
                    times = latestPredictionTime(json, parser);
                    timesRead = true;
                } else {
                    parser.skipChildren();
                }
            }
            return new PredictionBatchView(times, sketches);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a stored prediction batch", e);
        }
    }

    /** The latest of the buckets' times; null unless every bucket has one. */
    private static Instant latest(List<SketchBucket> buckets) {
        Instant latest = null;
        if (buckets == null || buckets.isEmpty()) {
            return null;
        }
        for (SketchBucket b : buckets) {
            if (b.latest() == null) {
                return null;
            }
            latest = latest == null || b.latest().isAfter(latest) ? b.latest() : latest;
        }
        return latest;
    }

    /** Reads the predictions array the parser is at, answering the latest {@code predictedAt}. */
    private static Instant latestPredictionTime(ObjectMapper json, JsonParser parser) throws IOException {
        Instant latest = null;
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                Instant at = "predictedAt".equals(field) && value != JsonToken.VALUE_NULL
                        ? json.readValue(parser, Instant.class) : null;
                if (at != null) {
                    latest = latest == null || at.isAfter(latest) ? at : latest;
                } else {
                    parser.skipChildren();
                }
            }
        }
        return latest;
    }
}
