package io.custody.infra.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.FreshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.custody.infra.support.GraphQlErrorsAssert.oneError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end, on a server of its own with a short retry schedule: real HTTP receivers (the JDK's
 * server) that answer, are down, or hang. Notifications are made by quarantining dataset versions.
 */
class WebhookTest {

    private static final String SECRET = "whsec-" + "0123456789abcdef".repeat(3);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static FreshServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        server = FreshServer.start(retryQuickly());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, Object> retryQuickly() {
        return Map.of("custody.webhooks.initial-backoff", "200ms", "custody.webhooks.max-backoff", "400ms",
                "custody.webhooks.max-attempts", "1000", "custody.webhooks.poll-interval", "50ms",
                "custody.webhooks.request-timeout", "60s");
    }

    @Test
    void a_receiver_gets_a_quarantine_notification_whose_signature_verifies_and_the_secret_stays_out_of_the_log()
            throws Exception {
        try (Receiver receiver = Receiver.start()) {
            String webhook = register(receiver.url(), "DATASET_QUARANTINE");
            quarantine("sig");

            await().atMost(PATIENCE).until(() -> receiver.requests().size() == 1);
            Receiver.Request request = receiver.requests().get(0);
            // Checked by an independent computation, as a receiver would.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(request.header("X-Custody-Signature"))
                    .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body())));
            JsonNode body = json.readTree(request.body());
            assertThat(body.get("kind").asText()).isEqualTo("DATASET_QUARANTINE");
            assertThat(body.get("eventType").asText()).isEqualTo("io.custody.events.dataset.DatasetVersionQuarantined");
            assertThat(body.get("position").asLong()).isEqualTo(server.jdbc().queryForObject("SELECT global_index "
                    + "FROM domain_event_entry WHERE event_identifier = ?", Long.class, body.get("eventId").asText()));
            assertThat(body.get("actor").asText()).isEqualTo("alice");
            assertThat(body.get("stream").asText()).isEqualTo("dataset:" + dataset("sig"));
            assertThat(body.get("payload").get("reason").asText()).isEqualTo("labels leaked");
            assertThat(request.header("X-Custody-Event")).isEqualTo(body.get("eventId").asText());
            assertThat(request.header("Content-Type")).isEqualTo("application/json");

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries(webhook).get(0).get("state").asText())
                    .isEqualTo("DELIVERED"));
            JsonNode delivery = deliveries(webhook).get(0);
            assertThat(delivery.get("id").asText()).isEqualTo(request.header("X-Custody-Delivery"));
            assertThat(delivery.get("attemptLog").get(0).get("statusCode").asInt()).isEqualTo(204);
            assertThat(delivery.get("attemptLog").get(0).get("outcome").asText()).isEqualTo("DELIVERED");

            assertThat(server.jdbc().queryForObject("SELECT count(*) FROM domain_event_entry "
                    + "WHERE convert_from(payload, 'UTF8') LIKE ?", Integer.class, "%" + SECRET + "%")).isZero();
            server.graphQl().document("query($id: String!) { webhooks { nodes { id secretFingerprint events state } } "
                            + "webhookDeliveries(webhook: $id) { totalCount } }").variable("id", webhook).execute()
                    .path("webhooks.nodes[?(@.id == '" + webhook + "')].secretFingerprint").entityList(String.class)
                    .satisfies(f -> assertThat(f.get(0)).startsWith("sha256:").hasSize(23))
                    .path("webhookDeliveries.totalCount").entity(Integer.class).isEqualTo(1);
        }
    }

    @Test
    void a_staging_deployment_and_a_refused_production_deployment_reach_a_webhook_that_asked_for_them_only()
            throws Exception {
        try (Receiver receiver = Receiver.start()) {
            register(receiver.url(), "DEPLOYMENT, POLICY_REFUSAL");
            quarantine("unasked");
            String model = "credit-" + suffix;
            String run = "run-" + suffix;
            String dataset = dataset("train");
            JsonNode reply = events(
                    item("RegisterDataset", Map.of("name", dataset, "owner", "risk-data")),
                    item("RegisterDatasetVersion", Map.of("dataset", dataset, "version", "v1", "location", "s3://lake/x",
                            "digest", "sha256:" + "d".repeat(64))),
                    item("StartRun", Map.of("run", run, "code", Map.of("repository", "https://git.example.com/risk",
                            "commit", "0123456789abcdef0123456789abcdef01234567", "dirty", false),
                            "inputs", List.of(Map.of("dataset", dataset, "version", "v1")))),
                    item("CompleteRun", Map.of("run", run)),
                    item("RegisterModel", Map.of("name", model, "owner", "risk-ml", "domain", "lending",
                            "riskTier", "LOW")),
                    item("RegisterModelVersion", Map.of("model", model, "run", run, "artifactUri", "s3://models/x",
                            "artifactDigest", "sha256:" + "e".repeat(64))),
                    item("DeployModelVersion", Map.of("environment", "staging", "service", "api-" + suffix,
                            "model", model, "version", 1)),
                    // Neither validated nor approved: the production gates refuse it, and the refusal is recorded.
                    item("DeployModelVersion", Map.of("environment", "production", "service", "api-" + suffix,
                            "model", model, "version", 1)));
            assertThat(reply.get("items").get(7).get("code").asText()).isEqualTo("FORBIDDEN");

            await().atMost(PATIENCE).until(() -> receiver.requests().size() == 2);
            List<JsonNode> bodies = new java.util.ArrayList<>();
            for (Receiver.Request request : receiver.requests()) {
                bodies.add(json.readTree(request.body()));
            }
            assertThat(bodies).extracting(b -> b.get("kind").asText() + " " + b.get("eventType").asText())
                    .containsExactlyInAnyOrder("DEPLOYMENT io.custody.events.deployment.ModelVersionDeployed",
                            "POLICY_REFUSAL io.custody.events.policy.PolicyDecisionRecorded");
            assertThat(bodies).allSatisfy(b -> assertThat(b.get("payload").toString()).contains(model));
        }
    }

    @Test
    void a_receiver_that_is_down_is_retried_with_every_attempt_visible_until_it_comes_up() {
        int port = Receiver.downPort();
        String webhook = register(Receiver.url(port), "DATASET_QUARANTINE");
        quarantine("down");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries(webhook).get(0).get("attempts").asInt())
                .isGreaterThanOrEqualTo(3));
        JsonNode pending = deliveries(webhook).get(0);
        assertThat(pending.get("state").asText()).isEqualTo("PENDING");
        assertThat(pending.get("nextAttemptAt").isNull()).isFalse();
        assertThat(pending.get("lastError").asText()).contains("connection refused");
        JsonNode first = pending.get("attemptLog").get(0);
        assertThat(first.get("attempt").asInt()).isEqualTo(1);
        assertThat(first.get("outcome").asText()).isEqualTo("RETRY");
        assertThat(first.get("statusCode").isNull()).isTrue();
        assertThat(first.get("nextAttemptAt").isNull()).isFalse();

        try (Receiver receiver = Receiver.startOn(port)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries(webhook).get(0).get("state").asText())
                    .isEqualTo("DELIVERED"));
            assertThat(receiver.requests()).hasSize(1);
            JsonNode delivered = deliveries(webhook).get(0);
            List<JsonNode> log = list(delivered.get("attemptLog"));
            assertThat(log).hasSize(delivered.get("attempts").asInt());
            assertThat(log.get(log.size() - 1).get("outcome").asText()).isEqualTo("DELIVERED");
            assertThat(receiver.requests().get(0).header("X-Custody-Attempt")).isEqualTo(Integer.toString(log.size()));
        }
    }

    @Test
    void a_hanging_receiver_holds_back_neither_mutations_nor_another_receiver() {
        try (Receiver hanging = Receiver.start().hanging(); Receiver healthy = Receiver.start()) {
            String stuck = register(hanging.url(), "DATASET_QUARANTINE");
            register(healthy.url(), "DATASET_QUARANTINE");
            quarantine("hang1");
            await().atMost(PATIENCE).until(() -> hanging.held() == 1 && healthy.requests().size() == 1);

            // While the first request is still held: mutations answer, and are notified to the other receiver.
            for (int i = 2; i <= 4; i++) {
                quarantine("hang" + i);
            }
            await().atMost(PATIENCE).until(() -> healthy.requests().size() == 4);
            assertThat(hanging.held()).isEqualTo(1);
            assertThat(hanging.requests()).hasSize(1);
            assertThat(deliveries(stuck)).hasSize(4)
                    .allSatisfy(d -> assertThat(d.get("state").asText()).isEqualTo("PENDING"));
        }
    }

    @Test
    void a_disabled_webhook_is_sent_nothing_and_a_removed_one_keeps_its_record_but_loses_its_secret() {
        try (Receiver receiver = Receiver.start()) {
            String webhook = register(receiver.url(), "DATASET_QUARANTINE");
            change("disableWebhook(input: {id: $id, reason: \"receiver maintenance\"})", webhook);
            quarantine("off");
            change("enableWebhook(input: {id: $id})", webhook);
            quarantine("on");
            await().atMost(PATIENCE).until(() -> receiver.requests().size() == 1);
            assertThat(json.readTree(receiver.requests().get(0).body()).get("stream").asText())
                    .isEqualTo("dataset:" + dataset("on"));

            change("removeWebhook(input: {id: $id, reason: \"retired\"})", webhook);
            server.graphQl().document("{ webhooks { nodes { id } } all: webhooks(includeRemoved: true) { nodes { id state "
                    + "stateReason changedBy } } }").execute()
                    .path("webhooks.nodes[*].id").entityList(String.class).doesNotContain(webhook)
                    .path("all.nodes[?(@.id == '" + webhook + "')].state").entityList(String.class).containsExactly("REMOVED");
            assertThat(server.jdbc().queryForObject("SELECT secret IS NULL FROM cs_webhook_secret WHERE webhook_id = ?",
                    Boolean.class, webhook)).isTrue();
            server.graphQl().document("mutation($id: String!) { enableWebhook(input: {id: $id}) { id } }")
                    .variable("id", webhook).execute().errors().satisfy(oneError("CONFLICT", "input.id", "was removed"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void bad_input_is_refused_naming_the_field_and_registers_nothing() {
        int before = server.jdbc().queryForObject("SELECT count(*) FROM cs_webhook_secret", Integer.class);
        refused("ftp://example.com/x", "[DEPLOYMENT]", SECRET, "input.url", "http or https");
        refused("https://user:pw@example.com/x", "[DEPLOYMENT]", SECRET, "input.url", "must not carry credentials");
        refused("not a url", "[DEPLOYMENT]", SECRET, "input.url", "not a valid URL");
        refused("https://example.com/x", "[]", SECRET, "input.events", "at least one kind");
        refused("https://example.com/x", "[DEPLOYMENT]", "short", "input.secret", "32 to 512 characters");
        server.graphQl().document("mutation { registerWebhook(input: {url: \"https://example.com/x\", events: [GOSSIP], "
                        + "secret: \"" + SECRET + "\"}) { id } }").execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).contains("events").contains("GOSSIP")));
        assertThat(server.jdbc().queryForObject("SELECT count(*) FROM cs_webhook_secret", Integer.class))
                .isEqualTo(before);
    }

    @Test
    void only_an_admin_may_register_or_list_webhooks() {
        String deployer = server.bearer("dora", io.custody.values.Role.DEPLOYER);
        GraphQlTester asDeployer = org.springframework.graphql.test.tester.HttpGraphQlTester.create(
                server.anonymousHttp().mutate().baseUrl(server.baseUrl() + "/graphql")
                        .defaultHeader("Authorization", "Bearer " + deployer).build());
        asDeployer.document("mutation { registerWebhook(input: {url: \"https://example.com/x\", events: [DEPLOYMENT], "
                + "secret: \"" + SECRET + "\"}) { id } }").execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN");
                    assertThat(e.getMessage()).contains("registerWebhook needs role ADMIN");
                }));
        asDeployer.document("{ webhooks { totalCount } }").execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).contains("webhooks needs role ADMIN")));
    }

    @Test
    void deliveries_queued_before_a_restart_are_sent_after_it_once_each() {
        int port = Receiver.downPort();
        String webhook = register(Receiver.url(port), "DATASET_QUARANTINE");
        quarantine("r1");
        quarantine("r2");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries(webhook))
                .hasSize(2).allSatisfy(d -> assertThat(d.get("attempts").asInt()).isPositive()));

        server = FreshServer.restart(server);
        try (Receiver receiver = Receiver.startOn(port)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries(webhook))
                    .allSatisfy(d -> assertThat(d.get("state").asText()).isEqualTo("DELIVERED")));
            Map<String, Long> byDelivery = receiver.requests().stream()
                    .collect(Collectors.groupingBy(r -> r.header("X-Custody-Delivery"), Collectors.counting()));
            assertThat(byDelivery).hasSize(2).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        }
    }

    // ---- helpers

    private String register(String url, String kinds) {
        return server.graphQl().document("mutation($url: String!, $secret: String!) { registerWebhook(input: {url: $url, "
                        + "events: [" + kinds + "], secret: $secret, description: \"test\"}) { id receipt { changed } "
                        + "webhook { url state events } } }")
                .variable("url", url).variable("secret", SECRET).execute()
                .path("registerWebhook.webhook.state").entity(String.class).isEqualTo("ACTIVE")
                .path("registerWebhook.id").entity(String.class).get();
    }

    private void change(String mutation, String webhook) {
        String field = mutation.substring(0, mutation.indexOf('('));
        server.graphQl().document("mutation($id: String!) { " + mutation + " { id receipt { changed } } }")
                .variable("id", webhook).execute().path(field + ".receipt.changed").entity(Boolean.class).isEqualTo(true);
    }

    private void refused(String url, String kinds, String secret, String field, String message) {
        server.graphQl().document("mutation($url: String!, $secret: String!) { registerWebhook(input: {url: $url, "
                        + "events: " + kinds + ", secret: $secret}) { id } }")
                .variable("url", url).variable("secret", secret).execute().errors()
                .satisfy(oneError("BAD_REQUEST", field, message));
    }

    private String dataset(String name) {
        return "webhooks/" + name + "-" + suffix;
    }

    /** Registers a dataset and a version, then quarantines it. */
    private void quarantine(String name) {
        String dataset = dataset(name);
        GraphQlTester graphQl = server.graphQl();
        graphQl.document("mutation($n: String!) { registerDataset(input: {name: $n, owner: \"o\"}) { receipt { position } } }")
                .variable("n", dataset).execute().path("registerDataset.receipt.position").hasValue();
        graphQl.document("mutation($n: String!) { registerDatasetVersion(input: {dataset: $n, version: \"v1\", "
                        + "location: \"s3://lake/x\", digest: \"sha256:" + "a".repeat(64) + "\"}) { receipt { position } } }")
                .variable("n", dataset).execute().path("registerDatasetVersion.receipt.position").hasValue();
        graphQl.document("mutation($n: String!) { quarantineDatasetVersion(input: {dataset: $n, version: \"v1\", "
                        + "reason: \"labels leaked\"}) { receipt { position } } }")
                .variable("n", dataset).execute().path("quarantineDatasetVersion.receipt.position").hasValue();
    }

    private static Map<String, Object> item(String type, Map<String, Object> payload) {
        return Map.of("type", type, "clientEventId", type + "-" + UUID.randomUUID(), "payload", payload);
    }

    @SafeVarargs
    private JsonNode events(Map<String, Object>... items) throws Exception {
        byte[] reply = server.http("alice").post().uri("/api/v1/events")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsString(List.of(items))).exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody();
        return json.readTree(reply);
    }

    private List<JsonNode> deliveries(String webhook) {
        Object data = server.graphQl().document("query($id: String!) { webhookDeliveries(webhook: $id) { nodes { id state "
                        + "attempts nextAttemptAt lastStatusCode lastError attemptLog { attempt statusCode error outcome "
                        + "nextAttemptAt } } } }")
                .variable("id", webhook).execute().path("webhookDeliveries.nodes").entity(Object.class).get();
        return list(json.valueToTree(data));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
