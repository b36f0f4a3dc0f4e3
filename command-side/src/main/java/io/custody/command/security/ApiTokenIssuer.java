package io.custody.command.security;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.commands.security.CreateApiToken;
import io.custody.payloads.CommandReceipt;
import io.custody.payloads.CreatedApiTokenPayload;
import io.custody.values.ActorName;
import io.custody.values.Role;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Set;

/**
 * Creates API tokens: draws the secret, sends its salted hash with {@link CreateApiToken}, and hands the
 * secret back exactly once. Used by {@code createApiToken}, the bootstrap token and test support.
 */
@Component
public class ApiTokenIssuer {

    private final CommandDispatcher dispatcher;

    public ApiTokenIssuer(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Creates a token and answers once the read models show it (createApiToken). */
    public CreatedApiTokenPayload issue(ActorName actor, Set<Role> roles, Instant expiresAt, String description,
                                        Caller caller) {
        return issue(actor, roles, expiresAt, description, caller, true);
    }

    /**
     * Creates a token and answers once it authenticates, without waiting for the read models: at startup
     * they may not run yet, or not in this instance.
     */
    public CreatedApiTokenPayload issueWithoutReadModels(ActorName actor, Set<Role> roles, Instant expiresAt,
                                                         String description, Caller caller) {
        return issue(actor, roles, expiresAt, description, caller, false);
    }

    private CreatedApiTokenPayload issue(ActorName actor, Set<Role> roles, Instant expiresAt, String description,
                                         Caller caller, boolean awaitReadModels) {
        ApiTokenSecrets.Token token = ApiTokenSecrets.generate();
        byte[] salt = ApiTokenSecrets.salt();
        CreateApiToken command = new CreateApiToken(token.id(), actor, roles, expiresAt, description, salt,
                ApiTokenSecrets.hash(salt, token.secret()));
        CommandReceipt receipt = dispatcher.dispatch(command, command.streamId(), caller, null, null, awaitReadModels)
                .receipt();
        return new CreatedApiTokenPayload(receipt, token.id(), token.bearer());
    }
}
