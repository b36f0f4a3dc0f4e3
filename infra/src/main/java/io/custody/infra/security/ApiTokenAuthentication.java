package io.custody.infra.security;

import io.custody.command.security.ApiTokenCredentials;
import io.custody.command.security.ApiTokenCredentials.Credential;
import io.custody.command.security.ApiTokenSecrets;
import io.custody.values.Role;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

import java.time.Clock;
import java.util.Optional;

/**
 * Authenticates {@code cst_<id>_<secret>} bearer tokens against {@link ApiTokenCredentials}. Unknown,
 * wrong, revoked and expired tokens all fail alike, as 401; the principal of a good one is its actor.
 */
class ApiTokenAuthentication implements AuthenticationManager {

    /** Hashed against when the id is unknown, so that an unknown id costs what a wrong secret costs. */
    private static final byte[] NO_SALT = new byte[16];
    private static final byte[] NO_HASH = new byte[32];

    private final ApiTokenCredentials credentials;
    private final Clock clock;

    ApiTokenAuthentication(ApiTokenCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String bearer = ((BearerTokenAuthenticationToken) authentication).getToken();
        Optional<ApiTokenSecrets.Token> token = ApiTokenSecrets.parse(bearer);
        Optional<Credential> found = token.flatMap(t -> credentials.find(t.id()));
        String secret = token.map(ApiTokenSecrets.Token::secret).orElse("");
        if (found.isEmpty()) {
            // The work a wrong secret costs, so that the answer's timing does not tell which ids exist.
            ApiTokenSecrets.matches(NO_SALT, NO_HASH, secret);
            throw unknown();
        }
        Credential credential = found.get();
        if (!ApiTokenSecrets.matches(credential.salt(), credential.hash(), secret)) {
            throw unknown();
        }
        if (!credential.activeAt(clock.instant())) {
            throw new InvalidBearerTokenException("the API token " + credential.id() + " is revoked or expired");
        }
        PreAuthenticatedAuthenticationToken authenticated = new PreAuthenticatedAuthenticationToken(
                credential.actor().value(), credential.id().value(),
                credential.roles().stream().map(Role::authority).map(SimpleGrantedAuthority::new).toList());
        authenticated.setDetails(authentication.getDetails());
        return authenticated;
    }

    private static InvalidBearerTokenException unknown() {
        return new InvalidBearerTokenException("the bearer token is not one this server knows");
    }
}
