package io.custody.command.security;

import io.custody.values.ActorName;
import io.custody.values.ApiTokenId;
import io.custody.values.Role;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** The command side's store of API token credentials (table {@code cs_api_token}). */
public interface ApiTokenCredentials {

    /** What authentication needs of one token. */
    record Credential(ApiTokenId id, ActorName actor, Set<Role> roles, Instant expiresAt, byte[] salt, byte[] hash,
                      Instant revokedAt) {

        /** Usable at {@code now}: not revoked and not expired. */
        public boolean activeAt(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    void store(Credential credential, Instant createdAt);

    void revoke(ApiTokenId id, Instant revokedAt);

    Optional<Credential> find(ApiTokenId id);

    /** Whether any token is usable at {@code now}. */
    boolean anyActiveAt(Instant now);
}
