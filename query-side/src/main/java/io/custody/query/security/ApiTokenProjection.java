package io.custody.query.security;

import io.custody.events.security.ApiTokenCreated;
import io.custody.events.security.ApiTokenRevoked;
import io.custody.meta.Metadata;
import io.custody.query.support.EventTimes;
import io.custody.values.Role;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps {@code rm_api_token}, the list behind {@code apiTokens}. Replay-safe: a creation is inserted once,
 * a revocation only fills a row that is not revoked yet.
 */
@Component
@ProcessingGroup(ApiTokenProjection.GROUP)
class ApiTokenProjection {

    static final String GROUP = "api-token-read-model";

    private final JdbcTemplate jdbc;

    ApiTokenProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ApiTokenCreated event, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor) {
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO rm_api_token (token_id, actor, roles, expires_at, description, created_at, created_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (token_id) DO NOTHING""");
            statement.setString(1, event.id().value());
            statement.setString(2, event.actor().value());
            statement.setArray(3, connection.createArrayOf("text", event.roles().stream().map(Role::name).toArray()));
            statement.setObject(4, event.expiresAt() == null ? null : EventTimes.utc(event.expiresAt()));
            statement.setString(5, event.description());
            statement.setObject(6, EventTimes.utc(at));
            statement.setString(7, actor == null ? "unknown" : actor);
            return statement;
        });
    }

    @EventHandler
    void on(ApiTokenRevoked event, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor) {
        jdbc.update("UPDATE rm_api_token SET revoked_at = ?, revoked_by = ?, revoke_reason = ? "
                + "WHERE token_id = ? AND revoked_at IS NULL", EventTimes.utc(at), actor, event.reason(), event.id().value());
    }
}
