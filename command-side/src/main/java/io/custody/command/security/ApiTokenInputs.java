package io.custody.command.security;

import io.custody.command.api.Inputs;
import io.custody.commands.security.RevokeApiToken;
import io.custody.errors.CustodyException;
import io.custody.values.ActorName;
import io.custody.values.ApiTokenId;
import io.custody.values.Role;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The wire shapes of the API token commands and their validation. */
public final class ApiTokenInputs {

    private ApiTokenInputs() {
    }

    /** A token to create; {@code expiresAt} null means it lasts until revoked. */
    public record CreateApiTokenInput(String actor, List<String> roles, OffsetDateTime expiresAt, String description) {

        public ActorName actorName() {
            return Inputs.required("input.actor", actor, ActorName::new);
        }

        public Set<Role> roleSet() {
            return Inputs.set("input.roles", roles, ApiTokenInputs::role);
        }

        public Instant expiry() {
            return expiresAt == null ? null : expiresAt.toInstant();
        }

        public String describedAs() {
            return Inputs.text("input.description", description, 1_000, false);
        }
    }

    public record RevokeApiTokenInput(String id, String reason) {

        public RevokeApiToken toCommand() {
            return new RevokeApiToken(Inputs.required("input.id", id, ApiTokenId::new),
                    Inputs.text("input.reason", reason, ApiTokenAggregate.MAX_REASON, true));
        }
    }

    static Role role(String name) {
        try {
            return Role.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CustodyException.badRequest(null, "is not a role; roles are " + List.of(Role.values()));
        }
    }
}
