package io.custody.infra.security;

import io.custody.infra.support.FreshServer;
import io.custody.values.ContentDigest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code custody.security.enabled}: no token, no access; with one, the token names the actor. */
class BearerTokenTest {

    private static final String TOKEN = "s3cret-" + UUID.randomUUID();
    private static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();

    @AutoClose
    private static final FreshServer server = FreshServer.start(Map.of("custody.security.enabled", "true",
            "custody.security.tokens.airflow", digest(TOKEN),
            "custody.security.tokens.ops", digest(ADMIN_TOKEN),
            "custody.security.admins[0]", "ops"));

    private static String digest(String token) {
        return "sha256:" + ContentDigest.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }

    private static WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl(server.baseUrl()).responseTimeout(Duration.ofSeconds(60)).build();
    }

    private static WebTestClient.ResponseSpec mutation(String authorization, String name) {
        WebTestClient.RequestBodySpec request = http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .header("X-Custody-Actor", "mallory");
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.bodyValue(Map.of("query", "mutation($n: String!) { registerDataset(input: {name: $n, "
                + "owner: \"risk-data\"}) { dataset { name } } }", "variables", Map.of("n", name))).exchange();
    }

    @Test
    void health_stays_open() {
        http().get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void a_request_without_a_known_token_is_refused_and_stores_nothing() {
        String name = "secured/ds-" + UUID.randomUUID().toString().substring(0, 8);
        mutation(null, name).expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"custody\"")
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED").jsonPath("$.field").isEqualTo("Authorization");
        mutation("Bearer not-" + TOKEN, name).expectStatus().isUnauthorized();
        http().post().uri("/api/v1/lineage").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isUnauthorized();
        assertThat(server.jdbc().queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, "dataset:" + name)).isZero();
    }

    @Test
    void the_token_names_the_actor_whatever_the_actor_header_says() {
        String name = "secured/ds-" + UUID.randomUUID().toString().substring(0, 8);
        mutation("Bearer " + TOKEN, name).expectStatus().isOk()
                .expectBody().jsonPath("$.data.registerDataset.dataset.name").isEqualTo(name);
        String metadata = server.jdbc().queryForObject("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", String.class, "dataset:" + name);
        assertThat(metadata).contains("\"airflow\"").doesNotContain("mallory");
    }

    @Test
    void only_an_admin_may_rebuild_a_read_model() {
        String rebuild = "{\"query\": \"mutation { rebuildReadModel(name: \\\"dataset-read-model\\\") { id } }\"}";
        http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + TOKEN)
                .bodyValue(rebuild).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.errors[0].extensions.code").isEqualTo("FORBIDDEN");
        http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).bodyValue(rebuild).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.errors").doesNotExist().jsonPath("$.data.rebuildReadModel.id").exists();
    }
}
