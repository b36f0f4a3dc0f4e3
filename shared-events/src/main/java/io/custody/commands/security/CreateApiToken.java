package io.custody.commands.security;

import io.custody.meta.Streams;
import io.custody.values.ActorName;
import io.custody.values.ApiTokenId;
import io.custody.values.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Create an API token that acts as {@code actor} with {@code roles} until {@code expiresAt} (null: until
 * revoked). It carries the salted SHA-256 of the token's secret, never the secret; the hash goes to the
 * command side's credential table and not into the event.
 */
public record CreateApiToken(ApiTokenId id, ActorName actor, Set<Role> roles, Instant expiresAt, String description,
                             byte[] salt, byte[] hash) {

    public CreateApiToken {
        // In the enum's order, so that the stored form does not depend on how the caller listed them.
        roles = roles == null || roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.apiToken(id);
    }
}
