package io.custody.query.security;

import java.time.OffsetDateTime;
import java.util.List;

/** An API token as {@code apiTokens} shows it: never its secret or hash. */
public record ApiTokenView(String id, String actor, List<String> roles, OffsetDateTime expiresAt, String description,
                           OffsetDateTime createdAt, String createdBy, OffsetDateTime revokedAt, String revokedBy,
                           String revokeReason) {
}
