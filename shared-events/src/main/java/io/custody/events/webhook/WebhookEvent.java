package io.custody.events.webhook;

import io.custody.values.WebhookId;

/**
 * Everything that happens to a webhook registration. Its signing secret is never in an event: only a
 * fingerprint of it, in {@link WebhookRegistered}.
 */
public sealed interface WebhookEvent permits WebhookRegistered, WebhookDisabled, WebhookEnabled, WebhookRemoved {

    WebhookId id();
}
