package io.custody.command.webhook;

import io.custody.command.api.Inputs;
import io.custody.commands.webhook.DisableWebhook;
import io.custody.commands.webhook.EnableWebhook;
import io.custody.commands.webhook.RegisterWebhook;
import io.custody.commands.webhook.RemoveWebhook;
import io.custody.errors.CustodyException;
import io.custody.values.NotificationKind;
import io.custody.values.WebhookId;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** The wire shapes of the webhook commands; the rules themselves are the aggregate's ({@link WebhookRules}). */
final class WebhookInputs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookInputs() {
    }

    /** A webhook to register; Custody chooses its id. */
    record RegisterWebhookInput(String url, List<String> events, String secret, String description) {

        RegisterWebhook toCommand() {
            byte[] id = new byte[10];
            RANDOM.nextBytes(id);
            return new RegisterWebhook(WebhookId.of(HexFormat.of().formatHex(id)), url == null ? null : url.strip(),
                    Inputs.set("input.events", events, WebhookInputs::kind), secret, description);
        }
    }

    record DisableWebhookInput(String id, String reason) {

        DisableWebhook toCommand() {
            return new DisableWebhook(webhookId(id), reason);
        }
    }

    record EnableWebhookInput(String id) {

        EnableWebhook toCommand() {
            return new EnableWebhook(webhookId(id));
        }
    }

    record RemoveWebhookInput(String id, String reason) {

        RemoveWebhook toCommand() {
            return new RemoveWebhook(webhookId(id), reason);
        }
    }

    private static WebhookId webhookId(String raw) {
        return Inputs.required("input.id", raw, WebhookId::new);
    }

    static NotificationKind kind(String name) {
        try {
            return NotificationKind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CustodyException.badRequest(null, "is not a notification kind; kinds are "
                    + List.of(NotificationKind.values()));
        }
    }
}
