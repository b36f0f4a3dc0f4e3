package io.custody.payloads;

import io.custody.values.WebhookId;

/** The write API's answer for a webhook mutation; the read side resolves the webhook itself. */
public record WebhookPayload(CommandReceipt receipt, WebhookId id) {
}
