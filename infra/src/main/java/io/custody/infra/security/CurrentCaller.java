package io.custody.infra.security;

import io.custody.values.Role;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;
import java.util.Set;

/** The roles of whoever authenticated the request this thread serves. */
final class CurrentCaller {

    private CurrentCaller() {
    }

    /** Empty when nobody authenticated: no credentials reached the server, or it is an anonymous request. */
    static Optional<Set<Role>> roles() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        return Optional.of(AccessRules.rolesOf(authentication.getAuthorities()));
    }
}
