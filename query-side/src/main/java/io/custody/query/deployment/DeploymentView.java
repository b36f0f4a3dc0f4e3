package io.custody.query.deployment;

import io.custody.query.support.AsOf;

import java.time.OffsetDateTime;

/**
 * A deployment as the inventory shows it, now or as of {@code asOf} (null for now); what serves on it
 * comes from its intervals, read as of the same instant.
 */
public record DeploymentView(String environment, String service, boolean live, OffsetDateTime firstDeployedAt,
                             OffsetDateTime lastChangedAt, long position, AsOf asOf) {

    public DeploymentKey key() {
        return new DeploymentKey(environment, service);
    }
}
