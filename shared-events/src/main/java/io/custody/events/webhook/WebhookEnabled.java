package io.custody.events.webhook;

import io.custody.values.WebhookId;

/** A disabled webhook was enabled again: its waiting deliveries are sent, and new notifications queued. */
public record WebhookEnabled(WebhookId id) implements WebhookEvent {
}
