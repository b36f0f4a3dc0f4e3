package io.custody.events.deployment;

import io.custody.values.Environment;
import io.custody.values.ServiceName;

/** Everything that happens to a deployment: one service in one environment. */
public sealed interface DeploymentEvent permits ModelVersionDeployed, DeploymentRolledBack, ModelUndeployed {

    Environment environment();

    ServiceName service();
}
