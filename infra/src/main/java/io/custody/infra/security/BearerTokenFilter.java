package io.custody.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.errors.ErrorCode;
import io.custody.infra.errors.ErrorBody;
import io.custody.meta.Caller;
import io.custody.values.ContentDigest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * With {@code custody.security.enabled}, every request must carry {@code Authorization: Bearer <token>}
 * for a configured token, and the actor recorded on the events it causes is the token's, whatever
 * {@code X-Custody-Actor} says: a caller can no longer name itself. Health and the GraphiQL page stay open
 * (a load balancer and a browser need them; the page's own requests need a token).
 *
 * <p>Tokens are compared by their SHA-256, so the configuration holds no secret worth stealing, and a
 * lookup by digest reveals nothing through its timing that the digest does not already hide.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "bearer ";
    private static final List<String> OPEN = List.of("/actuator/health", "/graphiql/");

    private final Map<String, String> actorsByDigest;
    private final ObjectMapper json;

    public BearerTokenFilter(SecurityProperties properties, ObjectMapper json) {
        this.json = json;
        Map<String, String> byDigest = new HashMap<>();
        properties.tokens().forEach((actor, digest) -> {
            String normalized;
            try {
                normalized = ContentDigest.of(digest).value();
            } catch (RuntimeException e) {
                throw new IllegalStateException("custody.security.tokens." + actor
                        + " must be the token's sha256:<64 hex>, not the token itself", e);
            }
            if (byDigest.putIfAbsent(normalized, actor) != null) {
                throw new IllegalStateException("custody.security.tokens: " + actor + " and "
                        + byDigest.get(normalized) + " have the same token");
            }
        });
        if (byDigest.isEmpty()) {
            throw new IllegalStateException("custody.security.enabled=true needs at least one entry under "
                    + "custody.security.tokens (actor: sha256 of the token)");
        }
        this.actorsByDigest = Map.copyOf(byDigest);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return OPEN.stream().anyMatch(open -> path.equals(open) || path.startsWith(open.endsWith("/") ? open
                : open + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            refuse(response, "requires Authorization: Bearer <token>");
            return;
        }
        String token = header.substring(PREFIX.length()).trim();
        String actor = token.isEmpty() ? null
                : actorsByDigest.get("sha256:" + ContentDigest.sha256Hex(token.getBytes(StandardCharsets.UTF_8)));
        if (actor == null) {
            refuse(response, "the bearer token is not one this server knows");
            return;
        }
        chain.doFilter(new AuthenticatedRequest(request, actor), response);
    }

    private void refuse(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"custody\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(),
                new ErrorBody(ErrorCode.UNAUTHORIZED.name(), HttpHeaders.AUTHORIZATION, message));
    }

    /** The request as the rest of the server sees it: the actor header is the token's actor. */
    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

        private final String actor;

        AuthenticatedRequest(HttpServletRequest request, String actor) {
            super(request);
            this.actor = actor;
        }

        private static boolean isActor(String name) {
            return Caller.ACTOR_HEADER.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isActor(name) ? actor : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isActor(name) ? Collections.enumeration(List.of(actor)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.removeIf(AuthenticatedRequest::isActor);
            names.add(Caller.ACTOR_HEADER);
            return Collections.enumeration(names);
        }
    }
}
