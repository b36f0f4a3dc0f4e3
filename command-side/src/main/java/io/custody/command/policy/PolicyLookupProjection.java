package io.custody.command.policy;

import io.custody.command.lookup.LookupProjection;
import io.custody.events.policy.PolicyPublished;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code cs_policy}, which {@link JdbcPolicySource} reads the policy in force from. Part of the subscribing
 * group {@code command-lookups}: a publication is in force for the first command after it commits.
 */
@Component
@ProcessingGroup(LookupProjection.GROUP)
class PolicyLookupProjection {

    private final JdbcTemplate jdbc;

    PolicyLookupProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PolicyPublished event) {
        jdbc.update("""
                INSERT INTO cs_policy (name, version, document, sha256) VALUES (?, ?, ?, ?)
                ON CONFLICT (name, version) DO NOTHING""",
                event.name().value(), event.version(), event.document(), event.sha256());
    }
}
