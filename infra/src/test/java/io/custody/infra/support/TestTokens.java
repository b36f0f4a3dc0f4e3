package io.custody.infra.support;

import io.custody.command.api.Caller;
import io.custody.command.security.ApiTokenIssuer;
import io.custody.values.ActorName;
import io.custody.values.Role;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API tokens for tests, created inside the test JVM through the server's own issuer (the path
 * {@code createApiToken} takes), one per actor and set of roles, reused for as long as the database lives.
 */
public final class TestTokens {

    private static final Caller ISSUER = new Caller("test-support", "tests", null);

    private final Map<String, String> bearers = new ConcurrentHashMap<>();

    /**
     * A bearer token acting as {@code actor} with {@code roles}; with none given, every role. The issuer
     * makes it when this cache has none yet.
     */
    public String bearer(ApiTokenIssuer issuer, String actor, Role... roles) {
        Set<Role> granted = roles.length == 0 ? EnumSet.allOf(Role.class) : EnumSet.copyOf(Arrays.asList(roles));
        return bearers.computeIfAbsent(actor + granted, key -> issuer.issueWithoutReadModels(ActorName.of(actor),
                granted, null, "test token", ISSUER).secret());
    }
}
