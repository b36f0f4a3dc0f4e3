package io.custody.commands.security;

import io.custody.meta.Streams;
import io.custody.values.ApiTokenId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revoke an API token for good: from then on it authenticates nobody. */
public record RevokeApiToken(ApiTokenId id, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.apiToken(id);
    }
}
