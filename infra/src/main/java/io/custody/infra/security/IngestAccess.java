package io.custody.infra.security;

import io.custody.command.ingest.OperationAccess;

import java.util.Map;
import java.util.Optional;

/** The lifecycle ingest's question, answered from {@link AccessRules} for the request's caller. */
final class IngestAccess implements OperationAccess {

    private final AccessRules rules;
    private final boolean enabled;

    IngestAccess(AccessRules rules, boolean enabled) {
        this.rules = rules;
        this.enabled = enabled;
    }

    @Override
    public Optional<String> refusal(String commandType, Map<String, Object> payload) {
        if (!enabled) {
            return Optional.empty();
        }
        // The endpoint itself needs a role, so an anonymous call cannot get here; refuse it all the same.
        return CurrentCaller.roles().map(held -> rules.commandRefusal(commandType, payload, held))
                .orElseGet(() -> Optional.of("requires authentication"));
    }
}
