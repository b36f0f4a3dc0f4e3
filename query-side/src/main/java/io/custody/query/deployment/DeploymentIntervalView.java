package io.custody.query.deployment;

import io.custody.query.model.ModelVersionKey;

import java.time.OffsetDateTime;

/**
 * One stint of a model version on a deployment: from when (and the position it was recorded at) to
 * when, or open while it is live.
 */
public record DeploymentIntervalView(String environment, String service, String model, int version, boolean canary,
                                     Double share, OffsetDateTime from, OffsetDateTime fromRecordedAt,
                                     long fromPosition, String startReason, String deployedBy, String policyVersion,
                                     OffsetDateTime to, OffsetDateTime toRecordedAt, Long toPosition,
                                     String endReason, String endNote, String endedBy) {

    public boolean live() {
        return toPosition == null;
    }

    public ModelVersionKey modelVersionKey() {
        return new ModelVersionKey(model, version);
    }

    public DeploymentKey deploymentKey() {
        return new DeploymentKey(environment, service);
    }
}
