package io.custody.events.webhook;

import io.custody.values.NotificationKind;
import io.custody.values.WebhookId;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A webhook was registered: notifications of {@code kinds} recorded after this event are sent to {@code url},
 * signed with a secret kept outside the log. {@code secretFingerprint} ({@code sha256:} and the first 16 hex
 * digits of the secret's SHA-256) lets an operator tell which secret a receiver must hold without revealing
 * it. Who registered it is the event's actor metadata.
 */
public record WebhookRegistered(WebhookId id, String url, Set<NotificationKind> kinds, String secretFingerprint,
                                String description) implements WebhookEvent {

    public WebhookRegistered {
        // In the enum's order, so that the stored form does not depend on how the caller listed them.
        kinds = kinds == null || kinds.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    }
}
