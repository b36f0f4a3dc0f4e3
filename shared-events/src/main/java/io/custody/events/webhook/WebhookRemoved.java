package io.custody.events.webhook;

import io.custody.values.WebhookId;

/**
 * A webhook was removed for good, and why: nothing more is queued or sent to it, and its secret is erased.
 * Its registration and delivery log stay.
 */
public record WebhookRemoved(WebhookId id, String reason) implements WebhookEvent {
}
