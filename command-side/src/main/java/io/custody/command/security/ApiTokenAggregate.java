package io.custody.command.security;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.command.security.ApiTokenCredentials.Credential;
import io.custody.commands.security.CreateApiToken;
import io.custody.commands.security.RevokeApiToken;
import io.custody.errors.CustodyException;
import io.custody.events.security.ApiTokenCreated;
import io.custody.events.security.ApiTokenRevoked;
import io.custody.meta.Streams;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An API token's life: created with its actor, roles and expiry, then possibly revoked. The handlers also
 * keep {@link ApiTokenCredentials} in step, in the command's transaction: the salted hash arrives in the
 * command and must never reach an event, so no event handler could write it.
 */
@Aggregate(type = "ApiToken", cache = AggregateCache.BEAN, commandTargetResolver = StreamTargetResolver.BEAN)
class ApiTokenAggregate {

    static final int MAX_REASON = 1_000;

    @AggregateIdentifier
    private String streamId;
    private boolean created;
    private boolean revoked;

    ApiTokenAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreateApiToken command, ApiTokenCredentials credentials, Clock clock) {
        if (created) {
            throw CustodyException.conflict("input.id", "API token " + command.id() + " already exists");
        }
        if (command.roles().isEmpty()) {
            throw CustodyException.badRequest("input.roles", "a token needs at least one role");
        }
        Instant now = clock.instant();
        if (command.expiresAt() != null && !command.expiresAt().isAfter(now)) {
            throw CustodyException.badRequest("input.expiresAt", "must be in the future (it is " + now + ")");
        }
        if (command.salt() == null || command.salt().length == 0 || command.hash() == null
                || command.hash().length == 0) {
            throw CustodyException.badRequest("input", "a token is stored only as a salted hash, and none was given");
        }
        apply(new ApiTokenCreated(command.id(), command.actor(), command.roles(), command.expiresAt(),
                command.description()));
        credentials.store(new Credential(command.id(), command.actor(), command.roles(), command.expiresAt(),
                command.salt(), command.hash(), null), now);
    }

    /** Revoking a revoked token again changes nothing and answers false. */
    @CommandHandler
    boolean handle(RevokeApiToken command, ApiTokenCredentials credentials, Clock clock) {
        if (!created) {
            throw CustodyException.notFound("input.id", "there is no API token " + command.id());
        }
        if (command.reason() == null || command.reason().isBlank()) {
            throw CustodyException.badRequest("input.reason", "a revocation must say why");
        }
        if (command.reason().length() > MAX_REASON) {
            throw CustodyException.badRequest("input.reason", "must be at most " + MAX_REASON + " characters");
        }
        if (revoked) {
            return false;
        }
        apply(new ApiTokenRevoked(command.id(), command.reason()));
        credentials.revoke(command.id(), clock.instant());
        return true;
    }

    @EventSourcingHandler
    void on(ApiTokenCreated event) {
        streamId = Streams.apiToken(event.id());
        created = true;
    }

    @EventSourcingHandler
    void on(ApiTokenRevoked event) {
        revoked = true;
    }

}
