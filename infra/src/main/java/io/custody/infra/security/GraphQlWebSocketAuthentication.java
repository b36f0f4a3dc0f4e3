package io.custody.infra.security;

import io.custody.command.security.ApiTokenSecrets;
import io.custody.values.Role;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.Set;

/**
 * Authenticates a graphql-transport-ws connection at {@code /graphql-ws} as every HTTP request is: the bearer
 * token, an API token or an OIDC JWT, from the connection_init payload's {@code Authorization} (a browser
 * cannot set headers on a WebSocket) or else the upgrade request's header. Without a good one the connection
 * is closed with 4401 Unauthorized before any subscription. The caller's roles then go with each operation,
 * for GraphQlAccess to authorise its fields.
 */
public class GraphQlWebSocketAuthentication implements WebSocketGraphQlInterceptor {

    /** Where the connection's roles are in each operation's GraphQL context. */
    static final String ROLES = GraphQlWebSocketAuthentication.class.getName() + ".roles";
    private static final String AUTHENTICATION = GraphQlWebSocketAuthentication.class.getName() + ".authentication";
    private static final String BEARER = "Bearer ";

    private final AuthenticationManager apiTokens;
    private final AuthenticationManager jwts;
    private final boolean enabled;

    GraphQlWebSocketAuthentication(AuthenticationManager apiTokens, AuthenticationManager jwts, boolean enabled) {
        this.apiTokens = apiTokens;
        this.jwts = jwts;
        this.enabled = enabled;
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        if (!enabled) {
            // custody.security.enabled=false: every caller may do everything (docs/security.md).
            return Mono.empty();
        }
        Object given = payload.get("Authorization");
        if (given == null) {
            given = payload.get("authorization");
        }
        String header = given instanceof String text ? text : session.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refused(new IllegalStateException("authentication required: send Authorization: Bearer <token> "
                    + "in the connection_init payload"));
        }
        String token = header.substring(BEARER.length()).trim();
        try {
            AuthenticationManager manager = ApiTokenSecrets.looksLikeApiToken(token) ? apiTokens : jwts;
            Authentication authenticated = manager.authenticate(new BearerTokenAuthenticationToken(token));
            session.getAttributes().put(AUTHENTICATION, authenticated);
            return Mono.empty();
        } catch (AuthenticationException e) {
            return refused(e);
        }
    }

    /**
     * The refusal that makes Spring GraphQL close the socket with 4401. Deferred: a plain {@code Mono.error} is a
     * callable, which Spring GraphQL's publishOn turns into Reactor's FluxSubscribeOnCallable, and about one
     * connection in a hundred had that task's thread interrupted while it sent the close frame (Tomcat: "interrupted
     * while waiting for a blocking send"), so the client saw 1006 instead of 4401. Deferred, the error takes
     * publishOn's ordinary path (1,200 of 1,200 refusals closed with 4401).
     */
    private static Mono<Object> refused(Exception e) {
        return Mono.defer(() -> Mono.error(e));
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request instanceof WebSocketGraphQlRequest ws
                && ws.getSessionInfo().getAttributes().get(AUTHENTICATION) instanceof Authentication who) {
            Set<Role> roles = AccessRules.rolesOf(who.getAuthorities());
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(Map.of(ROLES, roles)).build());
        }
        return chain.next(request);
    }
}
