package io.custody.infra.security;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Authentication, under {@code custody.security.*} (docs/security.md, docs/operations.md). This is the one
 * place that reads them: the web security chain and the loopback binding of the laptop mode both ask
 * {@link #of(Environment)}.
 *
 * @param enabled              require a bearer token on every request but health and the GraphiQL page;
 *                             {@code false} is for a try-out on one's own machine
 * @param oidc                 where JWTs come from, if anywhere
 * @param failedAuthentication how many failed authentications a client address may have per window
 * @param allowedOrigins       the origins whose browser pages may call the server (CORS); every other
 *                             cross-origin request is refused
 */
public record SecurityProperties(@DefaultValue("true") boolean enabled, @DefaultValue Oidc oidc,
                                 @DefaultValue FailedAuthentication failedAuthentication,
                                 @DefaultValue List<String> allowedOrigins) {

    public SecurityProperties {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    static final String PREFIX = "custody.security";
    static final String ENABLED = PREFIX + ".enabled";

    /**
     * @param issuerUri  the issuer JWTs must name; without {@code jwkSetUri} its discovery document gives the keys
     * @param jwkSetUri  where the signing keys are
     * @param actorClaim the claim that names the actor; {@code sub} when a token lacks it
     * @param rolesClaim the claim listing role names
     */
    public record Oidc(URI issuerUri, URI jwkSetUri, @DefaultValue("preferred_username") String actorClaim,
                       @DefaultValue("roles") String rolesClaim) {

        public boolean configured() {
            return issuerUri != null || jwkSetUri != null;
        }
    }

    public record FailedAuthentication(@DefaultValue("20") int maxFailures, @DefaultValue("1m") Duration window) {

        public FailedAuthentication {
            if (maxFailures < 1) {
                throw new IllegalStateException(PREFIX + ".failed-authentication.max-failures must be at least 1");
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalStateException(PREFIX + ".failed-authentication.window must be positive");
            }
        }
    }

    /**
     * Binds the properties. {@code enabled} must say {@code true} or {@code false}: a typo must not leave a
     * server open, nor should it be read as either.
     */
    public static SecurityProperties of(Environment environment) {
        String enabled = environment.getProperty(ENABLED);
        if (enabled != null && !enabled.trim().toLowerCase(Locale.ROOT).matches("true|false")) {
            throw new IllegalStateException(ENABLED + " must be true or false, not '" + enabled + "'");
        }
        return Binder.get(environment).bindOrCreate(PREFIX, SecurityProperties.class);
    }
}
