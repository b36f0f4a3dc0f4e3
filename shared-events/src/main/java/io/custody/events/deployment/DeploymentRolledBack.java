package io.custody.events.deployment;

import io.custody.values.Environment;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;

/** The deployment went back from one version to an earlier one, which is live again from this event. */
public record DeploymentRolledBack(Environment environment, ServiceName service, ModelVersionRef from,
                                   ModelVersionRef to, String reason)
        implements DeploymentEvent {
}
