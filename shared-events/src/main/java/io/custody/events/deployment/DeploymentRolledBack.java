package io.custody.events.deployment;

import io.custody.values.Environment;
import io.custody.values.ModelVersionRef;
import io.custody.values.PolicyDecision;
import io.custody.values.ServiceName;

/** The deployment went back from one version to an earlier one, which is live again from this event.
 * A rollback into production is governed: {@code decision} is the policy's, with every rule evaluated. */
public record DeploymentRolledBack(Environment environment, ServiceName service, ModelVersionRef from,
                                   ModelVersionRef to, String reason, PolicyDecision decision)
        implements DeploymentEvent {

    /** A rollback no policy was evaluated for: outside production, or recorded before decisions were. */
    public DeploymentRolledBack(Environment environment, ServiceName service, ModelVersionRef from, ModelVersionRef to,
                                String reason) {
        this(environment, service, from, to, reason, null);
    }
}
