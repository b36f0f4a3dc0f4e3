package io.custody.infra.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.custody.infra.support.FreshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * JWTs from an OIDC provider: a key the test generates, its JWKS served by the test. A token of the
 * configured issuer, unexpired and signed by that key, authenticates as its preferred_username (else its
 * sub) with the roles of its roles claim; anything else is 401.
 */
class OidcAuthenticationTest {

    private static final String ISSUER = "https://login.example.com/realms/custody";

    private static RSAKey key;
    private static HttpServer jwks;
    private static FreshServer server;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(keys);
            }
        });
        jwks.start();
        server = FreshServer.start(Map.of("custody.security.oidc.issuer-uri", ISSUER,
                "custody.security.oidc.jwk-set-uri", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    private static String jwt(RSAKey signer, JWTClaimsSet.Builder claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder valid() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")
                .claim("preferred_username", "dana").claim("roles", List.of("APPROVER", "VIEWER", "not-a-role"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static WebTestClient.ResponseSpec me(String jwt) {
        return server.anonymousHttp().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt)
                .bodyValue(Map.of("query", "{ me { actor roles } }")).exchange();
    }

    private static void expectUnauthorized(String jwt) {
        me(jwt).expectStatus().isUnauthorized().expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    @Test
    void a_jwt_of_the_issuer_acts_as_its_preferred_username_with_the_roles_it_names() throws Exception {
        me(jwt(key, valid())).expectStatus().isOk().expectBody()
                .jsonPath("$.data.me.actor").isEqualTo("dana")
                .jsonPath("$.data.me.roles").isEqualTo(List.of("VIEWER", "APPROVER"));
    }

    @Test
    void a_jwt_without_preferred_username_acts_as_its_subject() throws Exception {
        me(jwt(key, valid().claim("preferred_username", null))).expectStatus().isOk().expectBody()
                .jsonPath("$.data.me.actor").isEqualTo("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
    }

    @Test
    void a_jwt_of_another_issuer_is_unauthorized() throws Exception {
        expectUnauthorized(jwt(key, valid().issuer("https://evil.example.com")));
    }

    @Test
    void an_expired_jwt_is_unauthorized() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        expectUnauthorized(jwt(key, valid().issueTime(Date.from(past.minusSeconds(300)))
                .expirationTime(Date.from(past))));
    }

    @Test
    void a_jwt_signed_by_another_key_is_unauthorized() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
        expectUnauthorized(jwt(impostor, valid()));
    }

    @Test
    void a_jwt_whose_signature_was_altered_is_unauthorized() throws Exception {
        String token = jwt(key, valid());
        char last = token.charAt(token.length() - 2);
        String altered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A')
                + token.charAt(token.length() - 1);
        expectUnauthorized(altered);
    }

    @Test
    void api_tokens_still_work_beside_jwts() {
        me(server.bearer("svc")).expectStatus().isOk().expectBody().jsonPath("$.data.me.actor").isEqualTo("svc");
    }
}
