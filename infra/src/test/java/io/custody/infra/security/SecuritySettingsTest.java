package io.custody.infra.security;

import io.custody.infra.support.FreshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What custody.security.* does to a whole server: a value of enabled that is neither true nor false stops
 * the start; the first start prints one bootstrap admin token; failed authentication is rate-limited per
 * address; with security off, the server listens on the loopback address and the actor header counts.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecuritySettingsTest {

    private static final Pattern BOOTSTRAP = Pattern.compile("Bootstrap admin token: (cst_\\S+)");

    private static WebTestClient.ResponseSpec me(WebTestClient client) {
        return client.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "{ me { actor roles } }")).exchange();
    }

    private static WebTestClient withToken(FreshServer server, String token) {
        return server.anonymousHttp().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    @Test
    void a_server_refuses_to_start_when_enabled_is_neither_true_nor_false() {
        assertThatThrownBy(() -> FreshServer.start(Map.of("custody.security.enabled", "maybe")))
                .hasStackTraceContaining("custody.security.enabled must be true or false, not 'maybe'");
    }

    @Test
    void a_first_start_prints_one_bootstrap_admin_token_and_failed_authentication_is_rate_limited(
            CapturedOutput output) {
        try (FreshServer server = FreshServer.start(Map.of(
                "custody.security.failed-authentication.max-failures", "3"))) {
            Matcher line = BOOTSTRAP.matcher(output.getOut());
            assertThat(line.find()).as("the bootstrap line").isTrue();
            String bootstrap = line.group(1);
            assertThat(line.find()).as("a second bootstrap line").isFalse();
            me(withToken(server, bootstrap)).expectStatus().isOk().expectBody()
                    .jsonPath("$.data.me.actor").isEqualTo("bootstrap-admin")
                    .jsonPath("$.data.me.roles").isEqualTo(List.of("ADMIN"));

            // Requests without credentials guess nothing and are not counted.
            for (int i = 0; i < 5; i++) {
                me(server.anonymousHttp()).expectStatus().isUnauthorized();
            }
            for (int i = 0; i < 3; i++) {
                me(withToken(server, "cst_0123456789abcdef0123_guess" + i)).expectStatus().isUnauthorized();
            }
            me(withToken(server, "cst_0123456789abcdef0123_guess4")).expectStatus().isEqualTo(429)
                    .expectBody().jsonPath("$.code").isEqualTo("TOO_MANY_REQUESTS")
                    .jsonPath("$.field").isEqualTo("Authorization");
            // Until the window ends, even the right token is refused from that address.
            me(withToken(server, bootstrap)).expectStatus().isEqualTo(429);
        }
    }

    @Test
    void with_security_off_the_server_listens_on_loopback_only_and_the_actor_header_names_the_actor(
            CapturedOutput output) {
        try (FreshServer server = FreshServer.start(Map.of("custody.security.enabled", "false"))) {
            assertThat(server.bean(org.springframework.core.env.Environment.class).getProperty("server.address"))
                    .isEqualTo("127.0.0.1");
            assertThat(output.getOut()).contains("listening on 127.0.0.1 only")
                    .contains("authentication is OFF").doesNotContain("Bootstrap admin token");
            me(server.anonymousHttp().mutate().defaultHeader("X-Custody-Actor", "laptop-user").build())
                    .expectStatus().isOk().expectBody().jsonPath("$.data.me.actor").isEqualTo("laptop-user")
                    .jsonPath("$.data.me.roles.length()").isEqualTo(7);
            me(server.anonymousHttp()).expectStatus().isOk().expectBody()
                    .jsonPath("$.data.me.actor").isEqualTo("anonymous");
        }
    }

    @Test
    void with_security_off_a_given_server_address_is_kept() {
        try (FreshServer server = FreshServer.start(Map.of("custody.security.enabled", "false",
                "server.address", "0.0.0.0"))) {
            assertThat(server.bean(org.springframework.core.env.Environment.class).getProperty("server.address"))
                    .isEqualTo("0.0.0.0");
        }
    }
}
