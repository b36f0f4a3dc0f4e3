package io.custody.commands.webhook;

import io.custody.meta.Streams;
import io.custody.values.NotificationKind;
import io.custody.values.WebhookId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Register a webhook that receives notifications of {@code kinds} at {@code url}, signed with {@code secret}.
 * The secret goes to the command side's secret table and never into the event, which carries its
 * fingerprint only.
 */
public record RegisterWebhook(WebhookId id, String url, Set<NotificationKind> kinds, String secret,
                              String description) {

    public RegisterWebhook {
        kinds = kinds == null || kinds.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    }

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.webhook(id);
    }

    @Override
    public String toString() {
        // Never the secret, should the command reach a log line.
        return "RegisterWebhook[id=" + id + ", url=" + url + ", kinds=" + kinds + "]";
    }
}
