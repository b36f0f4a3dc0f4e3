package io.custody.events.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.values.Environment;
import io.custody.values.ModelVersionRef;
import io.custody.values.RequestId;
import io.custody.values.ServiceName;

import java.time.Instant;

/**
 * A deployment made a prediction. The model version is the one live on the deployment at
 * {@code predictedAt}, resolved by Custody. Features are kept as a digest unless the sender chose to
 * send them raw; senders must not send raw personal data (docs/ingest.md).
 */
public record PredictionRecorded(Environment environment, ServiceName service, RequestId requestId,
                                 ModelVersionRef modelVersion, Instant predictedAt, String featuresDigest,
                                 JsonNode features, JsonNode output, JsonNode explanation)
        implements PredictionEvent {
}
