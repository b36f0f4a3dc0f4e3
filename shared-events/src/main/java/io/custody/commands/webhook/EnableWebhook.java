package io.custody.commands.webhook;

import io.custody.meta.Streams;
import io.custody.values.WebhookId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Enable a disabled webhook again. */
public record EnableWebhook(WebhookId id) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.webhook(id);
    }
}
