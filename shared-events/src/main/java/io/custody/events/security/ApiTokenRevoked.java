package io.custody.events.security;

import io.custody.values.ApiTokenId;

/** An API token was revoked, and why; it authenticates nobody from then on. */
public record ApiTokenRevoked(ApiTokenId id, String reason) implements ApiTokenEvent {
}
