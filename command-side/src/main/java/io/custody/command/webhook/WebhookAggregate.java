package io.custody.command.webhook;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.webhook.DisableWebhook;
import io.custody.commands.webhook.EnableWebhook;
import io.custody.commands.webhook.RegisterWebhook;
import io.custody.commands.webhook.RemoveWebhook;
import io.custody.errors.CustodyException;
import io.custody.events.webhook.WebhookDisabled;
import io.custody.events.webhook.WebhookEnabled;
import io.custody.events.webhook.WebhookRegistered;
import io.custody.events.webhook.WebhookRemoved;
import io.custody.meta.Streams;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A webhook registration: registered, then disabled and enabled any number of times, and finally removed
 * (never deleted). The handlers keep {@link WebhookSecrets} in step in the command's transaction: the secret
 * arrives in the command and must never reach an event, so no event handler could write it.
 */
@Aggregate(type = "Webhook", cache = AggregateCache.BEAN, commandTargetResolver = StreamTargetResolver.BEAN)
class WebhookAggregate {

    @AggregateIdentifier
    private String streamId;
    private boolean registered;
    private boolean disabled;
    private boolean removed;

    WebhookAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterWebhook command, WebhookSecrets secrets, Clock clock) {
        if (registered) {
            throw CustodyException.conflict("input.id", "webhook " + command.id() + " already exists");
        }
        WebhookRules.checkUrl(command.url());
        WebhookRules.checkKinds(command.kinds());
        WebhookRules.checkSecret(command.secret());
        WebhookRules.checkText("input.description", command.description(), false);
        apply(new WebhookRegistered(command.id(), command.url(), command.kinds(),
                WebhookRules.fingerprint(command.secret()), command.description()));
        secrets.store(command.id(), command.secret(), clock.instant());
    }

    /** Disabling a disabled webhook again changes nothing and answers false. */
    @CommandHandler
    boolean handle(DisableWebhook command) {
        requireLive(command.id());
        WebhookRules.checkText("input.reason", command.reason(), true);
        if (disabled) {
            return false;
        }
        apply(new WebhookDisabled(command.id(), command.reason()));
        return true;
    }

    /** Enabling a webhook that is not disabled changes nothing and answers false. */
    @CommandHandler
    boolean handle(EnableWebhook command) {
        requireLive(command.id());
        if (!disabled) {
            return false;
        }
        apply(new WebhookEnabled(command.id()));
        return true;
    }

    /** Removing a removed webhook again changes nothing and answers false. */
    @CommandHandler
    boolean handle(RemoveWebhook command, WebhookSecrets secrets, Clock clock) {
        WebhookRules.checkText("input.reason", command.reason(), true);
        if (removed) {
            return false;
        }
        apply(new WebhookRemoved(command.id(), command.reason()));
        secrets.erase(command.id(), clock.instant());
        return true;
    }

    /** An unknown id never gets here: Axon answers that its stream does not exist (NOT_FOUND). */
    private void requireLive(Object id) {
        if (removed) {
            throw CustodyException.conflict("input.id", "webhook " + id + " was removed; register a new one");
        }
    }

    @EventSourcingHandler
    void on(WebhookRegistered event) {
        streamId = Streams.webhook(event.id());
        registered = true;
    }

    @EventSourcingHandler
    void on(WebhookDisabled event) {
        disabled = true;
    }

    @EventSourcingHandler
    void on(WebhookEnabled event) {
        disabled = false;
    }

    @EventSourcingHandler
    void on(WebhookRemoved event) {
        removed = true;
    }
}
