package io.custody.infra.webhook;

import io.custody.command.webhook.WebhookSecrets;
import io.custody.values.WebhookId;
import io.custody.webhook.SigningKeys;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The delivery worker's signing keys are the secrets the webhook commands stored on the command side. */
@Component
class CommandSideSigningKeys implements SigningKeys {

    private final WebhookSecrets secrets;

    CommandSideSigningKeys(WebhookSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Optional<String> secretOf(WebhookId webhook) {
        return secrets.find(webhook);
    }
}
