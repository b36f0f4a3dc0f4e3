package io.custody.infra.security;

import io.custody.values.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * JWTs from an OIDC provider ({@code custody.security.oidc.*}): signature, expiry and, when an issuer is
 * configured, issuer are checked by Spring's decoder; the actor and the roles come from the configured
 * claims. Without a provider configured, no JWT is accepted.
 */
final class OidcAuthentication {

    private static final Set<String> ROLE_NAMES = Arrays.stream(Role.values()).map(Role::name)
            .collect(Collectors.toUnmodifiableSet());

    private OidcAuthentication() {
    }

    static AuthenticationManager manager(SecurityProperties.Oidc oidc) {
        if (!oidc.configured()) {
            return authentication -> {
                throw new InvalidBearerTokenException("not an API token, and no OIDC issuer is configured for JWTs");
            };
        }
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder(oidc));
        provider.setJwtAuthenticationConverter(converter(oidc));
        return new ProviderManager(provider);
    }

    private static JwtDecoder decoder(SecurityProperties.Oidc oidc) {
        if (oidc.jwkSetUri() == null) {
            // Discovery contacts the issuer: on the first token, not at startup, so that a provider that is
            // down does not keep Custody from starting.
            return new SupplierJwtDecoder(() -> JwtDecoders.fromIssuerLocation(oidc.issuerUri().toString()));
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri().toString()).build();
        decoder.setJwtValidator(oidc.issuerUri() == null ? JwtValidators.createDefault()
                : JwtValidators.createDefaultWithIssuer(oidc.issuerUri().toString()));
        return decoder;
    }

    static Converter<Jwt, AbstractAuthenticationToken> converter(SecurityProperties.Oidc oidc) {
        return jwt -> {
            String actor = jwt.getClaimAsString(oidc.actorClaim());
            if (actor == null || actor.isBlank()) {
                actor = jwt.getSubject();
            }
            if (actor == null || actor.isBlank()) {
                throw new InvalidBearerTokenException("the JWT names no actor (claims " + oidc.actorClaim()
                        + " and sub are empty)");
            }
            return new JwtAuthenticationToken(jwt, authorities(jwt.getClaim(oidc.rolesClaim())), actor);
        };
    }

    /** Role names from a list claim or a space-separated string; names that are not roles grant nothing. */
    private static Collection<GrantedAuthority> authorities(Object claim) {
        Stream<String> names;
        if (claim == null) {
            names = Stream.empty();
        } else if (claim instanceof Collection<?> list) {
            names = list.stream().map(String::valueOf);
        } else {
            names = Arrays.stream(String.valueOf(claim).split("[\\s,]+"));
        }
        return names.filter(ROLE_NAMES::contains).distinct()
                .map(name -> (GrantedAuthority) new SimpleGrantedAuthority(Role.valueOf(name).authority())).toList();
    }
}
