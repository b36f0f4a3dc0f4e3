package io.custody.infra.security;

import io.custody.command.api.Caller;
import io.custody.command.security.ApiTokenCredentials;
import io.custody.command.security.ApiTokenIssuer;
import io.custody.values.ActorName;
import io.custody.values.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Set;

/**
 * The first key: when authentication is on and no token is usable, an ADMIN token for
 * {@code bootstrap-admin} is created and printed once, as {@code Bootstrap admin token: <token>}. Only its
 * hash is kept; with it an admin creates the real tokens and then revokes it. There is no default
 * credential anywhere.
 */
@Component
class BootstrapToken implements ApplicationRunner {

    static final ActorName ACTOR = ActorName.of("bootstrap-admin");
    private static final Logger log = LoggerFactory.getLogger(BootstrapToken.class);

    private final SecurityProperties properties;
    private final ApiTokenCredentials credentials;
    private final ApiTokenIssuer issuer;
    private final Clock clock;

    BootstrapToken(SecurityProperties properties, ApiTokenCredentials credentials, ApiTokenIssuer issuer, Clock clock) {
        this.properties = properties;
        this.credentials = credentials;
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.enabled() || credentials.anyActiveAt(clock.instant())) {
            return;
        }
        String token = issuer.issueWithoutReadModels(ACTOR, Set.of(Role.ADMIN), null,
                "created at startup because no token was usable; revoke it once real admin tokens exist",
                Caller.system("bootstrap")).secret();
        log.warn("Bootstrap admin token: {}", token);
    }
}
