package io.custody.command.api;

import io.custody.values.Role;
import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Resolves the caller of a request, for GraphQL and plain HTTP alike. The actor is the authenticated
 * principal the servlet request carries (the security layer sets it: a token's actor, a JWT's claim, or,
 * with authentication off, {@code X-Custody-Actor}); no header is read for it here.
 */
public final class HttpCallers {

    private HttpCallers() {
    }

    public static Caller from(HttpServletRequest request, String defaultSource) {
        Principal principal = request.getUserPrincipal();
        String source = request.getHeader(CallerHeaders.SOURCE_HEADER);
        // The security layer answers isUserInRole from the authenticated caller's ROLE_ authorities.
        String roles = principal == null ? null : Arrays.stream(Role.values()).filter(r -> request.isUserInRole(r.name()))
                .map(Role::name).collect(Collectors.joining(","));
        return new Caller(principal == null ? null : principal.getName(),
                source == null || source.isBlank() ? defaultSource : source,
                request.getHeader(CallerHeaders.CORRELATION_HEADER), roles);
    }
}
