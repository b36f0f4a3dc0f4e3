package io.custody.events.deployment;

import io.custody.values.Environment;
import io.custody.values.ModelVersionRef;
import io.custody.values.PolicyDecision;
import io.custody.values.ServiceName;

/**
 * A model version went live on a deployment. Without a canary share it becomes the primary version and
 * replaces {@code replaced} (which stops being live at this event); with a canary share (0..1) it serves
 * that share of traffic next to the primary. {@code policyVersion} names the policy the decision was
 * taken under ({@code builtin-gates/1}), {@code decision} holds every rule evaluated (null in events recorded
 * before decisions were).
 */
public record ModelVersionDeployed(Environment environment, ServiceName service, ModelVersionRef modelVersion,
                                   Double canaryShare, ModelVersionRef replaced, String deployedBy,
                                   String policyVersion, PolicyDecision decision)
        implements DeploymentEvent {

    /** A deployment no policy was evaluated for (as recorded before decisions were). */
    public ModelVersionDeployed(Environment environment, ServiceName service, ModelVersionRef modelVersion,
                                Double canaryShare, ModelVersionRef replaced, String deployedBy, String policyVersion) {
        this(environment, service, modelVersion, canaryShare, replaced, deployedBy, policyVersion, null);
    }
}
