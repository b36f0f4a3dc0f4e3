package io.custody.command.webhook;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.webhook.WebhookInputs.DisableWebhookInput;
import io.custody.command.webhook.WebhookInputs.EnableWebhookInput;
import io.custody.command.webhook.WebhookInputs.RegisterWebhookInput;
import io.custody.command.webhook.WebhookInputs.RemoveWebhookInput;
import io.custody.commands.webhook.DisableWebhook;
import io.custody.commands.webhook.EnableWebhook;
import io.custody.commands.webhook.RegisterWebhook;
import io.custody.commands.webhook.RemoveWebhook;
import io.custody.payloads.WebhookPayload;
import io.custody.values.WebhookId;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

@Controller
class WebhookMutations {

    private final CommandDispatcher dispatcher;

    WebhookMutations(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @MutationMapping
    WebhookPayload registerWebhook(@Argument RegisterWebhookInput input,
                                   @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        RegisterWebhook command = input.toCommand();
        return send(command, command.streamId(), command.id(), caller);
    }

    @MutationMapping
    WebhookPayload disableWebhook(@Argument DisableWebhookInput input,
                                  @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        DisableWebhook command = input.toCommand();
        return send(command, command.streamId(), command.id(), caller);
    }

    @MutationMapping
    WebhookPayload enableWebhook(@Argument EnableWebhookInput input,
                                 @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        EnableWebhook command = input.toCommand();
        return send(command, command.streamId(), command.id(), caller);
    }

    @MutationMapping
    WebhookPayload removeWebhook(@Argument RemoveWebhookInput input,
                                 @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        RemoveWebhook command = input.toCommand();
        return send(command, command.streamId(), command.id(), caller);
    }

    private WebhookPayload send(Object command, String stream, WebhookId id, Caller caller) {
        return new WebhookPayload(dispatcher.send(command, stream, caller, null), id);
    }
}
