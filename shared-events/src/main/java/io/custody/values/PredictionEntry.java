package io.custody.values;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One prediction inside a {@link io.custody.events.prediction.PredictionsRecorded} batch. The model version
 * is the one live on the deployment at {@code predictedAt}, resolved by Custody. Features are kept as a
 * digest unless the sender chose to send them raw (and the server keeps raw features); senders must not
 * send raw personal data (docs/ingest.md).
 */
public record PredictionEntry(RequestId requestId, ModelVersionRef modelVersion, Instant predictedAt,
                              String featuresDigest, JsonNode features, JsonNode output, JsonNode explanation) {
}
