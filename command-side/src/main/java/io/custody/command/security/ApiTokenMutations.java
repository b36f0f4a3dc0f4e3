package io.custody.command.security;

import io.custody.command.api.Caller;
import io.custody.command.security.ApiTokenInputs.CreateApiTokenInput;
import io.custody.command.security.ApiTokenInputs.RevokeApiTokenInput;
import io.custody.command.api.CommandDispatcher;
import io.custody.commands.security.RevokeApiToken;
import io.custody.payloads.ApiTokenPayload;
import io.custody.payloads.CreatedApiTokenPayload;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

@Controller
class ApiTokenMutations {

    private final ApiTokenIssuer issuer;
    private final CommandDispatcher dispatcher;

    ApiTokenMutations(ApiTokenIssuer issuer, CommandDispatcher dispatcher) {
        this.issuer = issuer;
        this.dispatcher = dispatcher;
    }

    @MutationMapping
    CreatedApiTokenPayload createApiToken(@Argument CreateApiTokenInput input,
                                          @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        return issuer.issue(input.actorName(), input.roleSet(), input.expiry(), input.describedAs(), caller);
    }

    @MutationMapping
    ApiTokenPayload revokeApiToken(@Argument RevokeApiTokenInput input,
                                   @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        RevokeApiToken command = input.toCommand();
        return new ApiTokenPayload(dispatcher.send(command, command.streamId(), caller, null), command.id());
    }
}
