package io.custody.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.api.CallerHeaders;
import io.custody.command.security.ApiTokenCredentials;
import io.custody.command.security.ApiTokenSecrets;
import io.custody.values.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.authentication.preauth.RequestHeaderAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The one web security chain (docs/security.md). Stateless: every request authenticates with its bearer
 * token, an API token ({@code cst_...}) or an OIDC JWT; no session, so no CSRF token either. With
 * {@code custody.security.enabled=false} everyone may do everything, and {@code X-Custody-Actor} names
 * the actor.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    private static final List<GrantedAuthority> ALL_ROLES = AuthorityUtils.createAuthorityList(
            Arrays.stream(Role.values()).map(Role::authority).toArray(String[]::new));

    /**
     * No observation per security filter, authentication and authorization: with them a request spent about a
     * seventh of its web-stack CPU in Micrometer (OpenLineage single events, JFR). {@code http.server.requests}
     * still times every request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityProperties securityProperties(Environment environment) {
        return SecurityProperties.of(environment);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProperties properties,
                                            ApiTokenCredentials credentials, Clock clock, ObjectMapper json,
                                            AccessRules rules) throws Exception {
        http.cors(c -> c.configurationSource(cors(properties.allowedOrigins())))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable);
        if (!properties.enabled()) {
            return withoutAuthentication(http);
        }
        ErrorResponses errors = new ErrorResponses(json);
        FailedAuthenticationLimit limit = new FailedAuthenticationLimit(properties.failedAuthentication(), errors);
        AuthenticationEntryPoint entryPoint = (request, response, failure) -> {
            limit.failed(request, failure);
            errors.commence(request, response, failure);
        };
        http.oauth2ResourceServer(o -> o
                        .authenticationManagerResolver(bearerTokens(properties, credentials, clock))
                        .authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .addFilterBefore(limit, BearerTokenAuthenticationFilter.class);
        // Who may call which endpoint: the table in AccessRules. A caller without the role gets 403 naming it.
        http.authorizeHttpRequests(rules::applyTo)
                .exceptionHandling(e -> e.accessDeniedHandler(new ForbiddenAnswer(rules, json)));
        return http.build();
    }

    /** The same bearer tokens, for graphql-transport-ws connections at /graphql-ws. */
    @Bean
    GraphQlWebSocketAuthentication graphQlWebSocketAuthentication(SecurityProperties properties,
                                                                  ApiTokenCredentials credentials, Clock clock) {
        return new GraphQlWebSocketAuthentication(new ApiTokenAuthentication(credentials, clock),
                OidcAuthentication.manager(properties.oidc()), properties.enabled());
    }

    /**
     * Browser pages of the named origins may call the server; a cross-origin request from any other, its
     * preflight included, is refused (403). Same-origin requests are not CORS requests and pass.
     */
    private static CorsConfigurationSource cors(List<String> allowedOrigins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins);
        cors.setAllowedMethods(List.of("GET", "POST"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
                CallerHeaders.ACTOR_HEADER, CallerHeaders.SOURCE_HEADER, CallerHeaders.CORRELATION_HEADER));
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    /** API tokens by their prefix; anything else is taken for a JWT. */
    private static AuthenticationManagerResolver<HttpServletRequest> bearerTokens(SecurityProperties properties,
                                                                                  ApiTokenCredentials credentials,
                                                                                  Clock clock) {
        AuthenticationManager apiTokens = new ApiTokenAuthentication(credentials, clock);
        AuthenticationManager jwts = OidcAuthentication.manager(properties.oidc());
        DefaultBearerTokenResolver tokens = new DefaultBearerTokenResolver();
        return request -> ApiTokenSecrets.looksLikeApiToken(tokens.resolve(request)) ? apiTokens : jwts;
    }

    /**
     * The laptop mode: everything is permitted, and the actor is whoever {@code X-Custody-Actor} names, with
     * every role (the server listens on the loopback address only, {@link LoopbackWhenDisabled}).
     */
    private static SecurityFilterChain withoutAuthentication(HttpSecurity http) throws Exception {
        log.warn("custody.security.enabled=false: authentication is OFF, every caller may do everything and names "
                + "itself in {}. For a try-out on one machine only.", CallerHeaders.ACTOR_HEADER);
        RequestHeaderAuthenticationFilter actorHeader = new RequestHeaderAuthenticationFilter();
        actorHeader.setPrincipalRequestHeader(CallerHeaders.ACTOR_HEADER);
        actorHeader.setExceptionIfHeaderMissing(false);
        // Per request, like every other authentication here: no HTTP session.
        actorHeader.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
        actorHeader.setAuthenticationManager(named -> new PreAuthenticatedAuthenticationToken(named.getPrincipal(),
                "", ALL_ROLES));
        http.addFilter(actorHeader)
                .anonymous(a -> a.authorities(ALL_ROLES))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }
}
