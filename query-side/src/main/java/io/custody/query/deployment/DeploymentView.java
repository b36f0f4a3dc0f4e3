package io.custody.query.deployment;

import java.time.OffsetDateTime;

/** A deployment as the inventory shows it; what serves on it comes from its intervals. */
public record DeploymentView(String environment, String service, boolean live, OffsetDateTime firstDeployedAt,
                             OffsetDateTime lastChangedAt, long position) {

    public DeploymentKey key() {
        return new DeploymentKey(environment, service);
    }
}
