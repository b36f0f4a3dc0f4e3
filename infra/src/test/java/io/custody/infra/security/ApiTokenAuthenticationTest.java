package io.custody.infra.security;

import io.custody.infra.support.IntegrationTest;
import io.custody.values.Role;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API tokens over the real HTTP path: no token, an unknown, revoked or expired one is 401; a token created
 * with createApiToken acts as its actor, and its secret is never shown again.
 */
class ApiTokenAuthenticationTest extends IntegrationTest {

    private static final String ME = "{ me { actor roles } }";
    private static final String CREATE = """
            mutation($i: CreateApiTokenInput!) {
              createApiToken(input: $i) { id secret token { id actor roles expiresAt description createdBy revokedAt } }
            }""";
    private static final String REVOKE = """
            mutation($i: RevokeApiTokenInput!) {
              revokeApiToken(input: $i) { receipt { changed } token { revokedAt revokedBy revokeReason } }
            }""";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private WebTestClient.ResponseSpec query(WebTestClient client, String query) {
        return client.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", query)).exchange();
    }

    private void expectUnauthorized(WebTestClient client) {
        query(client, ME).expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED")
                .jsonPath("$.field").isEqualTo("Authorization");
    }

    private WebTestClient withToken(String token) {
        return anonymousHttp().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    private Map<String, Object> create(String actor, List<String> roles, Instant expiresAt) {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("actor", actor, "roles", roles,
                "description", "for the test"));
        if (expiresAt != null) {
            input.put("expiresAt", expiresAt.toString());
        }
        return graphQl("admin-" + suffix).document(CREATE).variable("i", input).execute()
                .path("createApiToken").entity(Map.class).get();
    }

    @Test
    void a_request_without_credentials_is_unauthorized_with_the_error_body() {
        expectUnauthorized(anonymousHttp());
        anonymousHttp().get().uri("/actuator/projections").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void a_token_this_server_never_issued_is_unauthorized() {
        expectUnauthorized(withToken("cst_0123456789abcdef0123_" + "A".repeat(43)));
        expectUnauthorized(withToken("not-a-token"));
    }

    @Test
    void a_wrong_secret_for_a_real_token_id_is_unauthorized() {
        String id = (String) create("svc-" + suffix, List.of("VIEWER"), null).get("id");
        expectUnauthorized(withToken("cst_" + id + "_" + "A".repeat(43)));
    }

    @Test
    void the_probes_and_the_graphiql_page_are_open_and_show_no_details() {
        anonymousHttp().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
        anonymousHttp().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist()
                .jsonPath("$.details").doesNotExist();
        anonymousHttp().get().uri("/graphiql/index.html").exchange().expectStatus().isOk();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_created_token_acts_as_its_actor_with_its_roles_and_its_secret_is_shown_only_once() {
        String actor = "airflow-" + suffix;
        Map<String, Object> created = create(actor, List.of("INGEST", "VIEWER"), null);
        String secret = (String) created.get("secret");
        String id = (String) created.get("id");
        assertThat(secret).startsWith("cst_" + id + "_");
        Map<String, Object> token = (Map<String, Object>) created.get("token");
        assertThat(token).containsEntry("actor", actor).containsEntry("expiresAt", null)
                .containsEntry("createdBy", "admin-" + suffix).containsEntry("revokedAt", null);
        assertThat((List<String>) token.get("roles")).containsExactly("VIEWER", "INGEST");

        query(withToken(secret), ME).expectStatus().isOk().expectBody()
                .jsonPath("$.data.me.actor").isEqualTo(actor)
                .jsonPath("$.data.me.roles").isEqualTo(List.of("VIEWER", "INGEST"));

        String listing = graphQl().document("{ apiTokens(first: 500) { edges { node { id actor roles } } totalCount } }")
                .execute().path("apiTokens.edges[*].node.id").entityList(String.class).contains(id).get().toString();
        // The secret part may itself hold '_' (base64url): it is what follows the id.
        assertThat(listing).doesNotContain(secret.substring(("cst_" + id + "_").length()));
    }

    @Test
    void the_actor_of_an_event_is_the_token_s_whatever_X_Custody_Actor_says() {
        String dataset = "auth/ds-" + suffix;
        http("carol").post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .header("X-Custody-Actor", "mallory")
                .bodyValue(Map.of("query", "mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) "
                        + "{ receipt { changed } } }", "variables", Map.of("i", Map.of("name", dataset, "owner", "t"))))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.data.registerDataset.receipt.changed")
                .isEqualTo(true);
        graphQl().document("query($s: String!) { history(stream: $s) { actor } }").variable("s", "dataset:" + dataset)
                .execute().path("history[*].actor").entityList(String.class).containsExactly("carol");
    }

    @Test
    void a_revoked_token_is_unauthorized_from_the_next_request_on() {
        Map<String, Object> created = create("revoked-" + suffix, List.of("VIEWER"), null);
        String secret = (String) created.get("secret");
        query(withToken(secret), ME).expectStatus().isOk();

        HttpGraphQlTester admin = graphQl("admin-" + suffix);
        admin.document(REVOKE).variable("i", Map.of("id", created.get("id"), "reason", "leaked in a CI log"))
                .execute().path("revokeApiToken.receipt.changed").entity(Boolean.class).isEqualTo(true)
                .path("revokeApiToken.token.revokeReason").entity(String.class).isEqualTo("leaked in a CI log")
                .path("revokeApiToken.token.revokedBy").entity(String.class).isEqualTo("admin-" + suffix);
        expectUnauthorized(withToken(secret));

        admin.document(REVOKE).variable("i", Map.of("id", created.get("id"), "reason", "again"))
                .execute().path("revokeApiToken.receipt.changed").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void an_expired_token_is_unauthorized() {
        String secret = (String) create("expiring-" + suffix, List.of("VIEWER"), Instant.now().plusSeconds(2))
                .get("secret");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                query(withToken(secret), ME).expectStatus().isUnauthorized());
    }

    @Test
    void a_token_needs_at_least_one_known_role_and_an_expiry_in_the_future() {
        graphQl().document(CREATE).variable("i", Map.of("actor", "x-" + suffix, "roles", List.of("ROOT")))
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getExtensions()).containsEntry("code", "BAD_REQUEST");
                    assertThat(e.getMessage()).contains("ROOT");
                }));
        graphQl().document(CREATE).variable("i", Map.of("actor", "x-" + suffix, "roles", List.of()))
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e ->
                        assertThat(e.getExtensions()).containsEntry("field", "input.roles")));
        graphQl().document(CREATE).variable("i", Map.of("actor", "x-" + suffix, "roles", List.of("VIEWER"),
                        "expiresAt", "2020-01-01T00:00:00Z"))
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e ->
                        assertThat(e.getExtensions()).containsEntry("field", "input.expiresAt")));
    }

    @Test
    void a_token_made_for_a_role_holds_only_that_role() {
        query(httpWith(bearer("auditor-" + suffix, Role.AUDITOR)), ME).expectStatus().isOk().expectBody()
                .jsonPath("$.data.me.roles").isEqualTo(List.of("AUDITOR"));
    }
}
