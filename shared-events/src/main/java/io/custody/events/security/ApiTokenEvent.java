package io.custody.events.security;

import io.custody.values.ApiTokenId;

/** Everything that happens to an API token. Neither its secret nor its hash is ever in an event. */
public sealed interface ApiTokenEvent permits ApiTokenCreated, ApiTokenRevoked {

    ApiTokenId id();
}
