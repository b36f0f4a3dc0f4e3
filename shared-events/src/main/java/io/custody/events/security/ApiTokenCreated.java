package io.custody.events.security;

import io.custody.values.ActorName;
import io.custody.values.ApiTokenId;
import io.custody.values.Role;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * An API token was created: it acts as {@code actor} with {@code roles} until {@code expiresAt} (null:
 * until revoked). Who created it is the event's actor metadata.
 */
public record ApiTokenCreated(ApiTokenId id, ActorName actor, Set<Role> roles, Instant expiresAt,
                              String description) implements ApiTokenEvent {

    public ApiTokenCreated {
        // In the enum's order, so that the stored form does not depend on how the caller listed them.
        roles = roles == null || roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }
}
