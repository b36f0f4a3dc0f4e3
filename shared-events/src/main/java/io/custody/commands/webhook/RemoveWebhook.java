package io.custody.commands.webhook;

import io.custody.meta.Streams;
import io.custody.values.WebhookId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove a webhook for good; its registration and delivery log stay, its secret is erased. */
public record RemoveWebhook(WebhookId id, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.webhook(id);
    }
}
