package io.custody.query.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.query.deployment.DeploymentKey;
import io.custody.query.model.ModelVersionKey;

import java.time.OffsetDateTime;

/** A prediction and, once it is known, its outcome. */
public record PredictionView(String environment, String service, String requestId, String model, int version,
                             OffsetDateTime predictedAt, OffsetDateTime recordedAt, String featuresDigest,
                             JsonNode output, JsonNode explanation, JsonNode outcome, OffsetDateTime observedAt,
                             long position) {

    public ModelVersionKey modelVersionKey() {
        return new ModelVersionKey(model, version);
    }

    public DeploymentKey deploymentKey() {
        return new DeploymentKey(environment, service);
    }
}
