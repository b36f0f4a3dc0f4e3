package io.custody.query.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.query.deployment.DeploymentKey;
import io.custody.query.model.ModelVersionKey;
import io.custody.query.support.AsOf;

import java.time.OffsetDateTime;

/**
 * A prediction and, once it is known, its outcome; read as of an instant ({@code asOf}, null for now),
 * an outcome that came after that instant, on its clock, is not shown.
 */
public record PredictionView(String environment, String service, String requestId, String model, int version,
                             OffsetDateTime predictedAt, OffsetDateTime recordedAt, String featuresDigest,
                             JsonNode output, JsonNode explanation, JsonNode outcome, OffsetDateTime observedAt,
                             long position, AsOf asOf) {

    public ModelVersionKey modelVersionKey() {
        return new ModelVersionKey(model, version);
    }

    public DeploymentKey deploymentKey() {
        return new DeploymentKey(environment, service);
    }
}
