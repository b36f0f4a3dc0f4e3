package io.custody.infra.security;

import io.custody.values.Role;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;

import java.util.List;

/** {@code me}: who the server takes the caller for, and with which roles. */
@Controller
class MeQuery {

    record Me(String actor, List<String> roles) {
    }

    @QueryMapping
    Me me() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return new Me("anonymous", List.of());
        }
        List<String> roles = AccessRules.rolesOf(authentication.getAuthorities()).stream().map(Role::name).toList();
        String actor = authentication.getPrincipal() == null || "anonymousUser".equals(authentication.getName())
                ? "anonymous" : authentication.getName();
        return new Me(actor, roles);
    }
}
