package io.custody.events.webhook;

import io.custody.values.WebhookId;

/**
 * A webhook was disabled, and why: nothing is sent to it until it is enabled again, and notifications recorded
 * meanwhile are not queued for it. Deliveries already queued wait.
 */
public record WebhookDisabled(WebhookId id, String reason) implements WebhookEvent {
}
