package io.custody.webhook;

import io.custody.values.WebhookId;

import java.util.Optional;

/**
 * Where the delivery worker finds a webhook's secret. The secrets are the command side's (written with the
 * registration, outside the log); infra adapts its store to this port.
 */
public interface SigningKeys {

    /** The secret to sign with; empty once the webhook is removed. */
    Optional<String> secretOf(WebhookId webhook);
}
