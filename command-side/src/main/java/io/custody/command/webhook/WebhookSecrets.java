package io.custody.command.webhook;

import io.custody.values.WebhookId;

import java.time.Instant;
import java.util.Optional;

/** The command side's store of webhook signing secrets (table {@code cs_webhook_secret}), outside the log. */
public interface WebhookSecrets {

    void store(WebhookId id, String secret, Instant createdAt);

    /** Forgets the secret of a removed webhook; its row stays, so the id is never reused. */
    void erase(WebhookId id, Instant erasedAt);

    /** The secret deliveries to this webhook are signed with; empty once erased or never stored. */
    Optional<String> find(WebhookId id);
}
