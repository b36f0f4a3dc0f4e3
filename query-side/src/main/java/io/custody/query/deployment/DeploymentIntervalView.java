package io.custody.query.deployment;

import io.custody.query.model.ModelVersionKey;
import io.custody.query.support.AsOf;

import java.time.OffsetDateTime;

/**
 * One stint of a model version on a deployment: from when (and the position it was recorded at) to
 * when, or open while it is live. Read as of an instant ({@code asOf}, null for now), an end that came
 * after that instant, on its clock, is not shown: at that instant the stint was still open.
 */
public record DeploymentIntervalView(String environment, String service, String model, int version, boolean canary,
                                     Double share, OffsetDateTime from, OffsetDateTime fromRecordedAt,
                                     long fromPosition, String startReason, String deployedBy, String policyVersion,
                                     OffsetDateTime to, OffsetDateTime toRecordedAt, Long toPosition,
                                     String endReason, String endNote, String endedBy, AsOf asOf) {

    public boolean live() {
        return toPosition == null;
    }

    public ModelVersionKey modelVersionKey() {
        return new ModelVersionKey(model, version);
    }

    public DeploymentKey deploymentKey() {
        return new DeploymentKey(environment, service);
    }

    /** This stint as it stood at the instant: its end is dropped unless it had been reached then. */
    DeploymentIntervalView seenAt(AsOf at) {
        if (at == null) {
            return this;
        }
        boolean ended = toPosition != null && at.reached(toRecordedAt, to);
        return ended ? withAsOf(at) : new DeploymentIntervalView(environment, service, model, version, canary, share,
                from, fromRecordedAt, fromPosition, startReason, deployedBy, policyVersion, null, null, null, null,
                null, null, at);
    }

    private DeploymentIntervalView withAsOf(AsOf at) {
        return new DeploymentIntervalView(environment, service, model, version, canary, share, from, fromRecordedAt,
                fromPosition, startReason, deployedBy, policyVersion, to, toRecordedAt, toPosition, endReason, endNote,
                endedBy, at);
    }
}
