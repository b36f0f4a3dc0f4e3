package io.custody.commands.webhook;

import io.custody.meta.Streams;
import io.custody.values.WebhookId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Disable a webhook */
public record DisableWebhook(WebhookId id, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.webhook(id);
    }
}
