package io.custody.infra.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;
import java.util.Map;

/**
 * Authentication, under {@code custody.security.*}. See docs/operations.md.
 *
 * @param enabled require a bearer token on every request but health and the GraphiQL page
 * @param tokens  who each token speaks for: actor name to the SHA-256 of the token
 *                ({@code sha256:<64 hex>}, e.g. {@code printf %s "$TOKEN" | sha256sum}); the tokens themselves
 *                are never configured, stored or logged
 * @param admins  the actors allowed the admin operations (rebuilding a read model) when enabled
 */
@ConfigurationProperties("custody.security")
public record SecurityProperties(@DefaultValue("false") boolean enabled, Map<String, String> tokens,
                                 List<String> admins) {

    public SecurityProperties {
        tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
        admins = admins == null ? List.of() : List.copyOf(admins);
    }
}
