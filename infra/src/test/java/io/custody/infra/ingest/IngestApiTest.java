package io.custody.infra.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.prediction.OutcomeRecorded;
import io.custody.events.prediction.PredictionRecorded;
import io.custody.infra.support.IntegrationTest;
import io.custody.infra.support.StoredEvents;
import io.custody.meta.Metadata;
import io.custody.meta.Streams;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RequestId;
import io.custody.values.ServiceName;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP ingest endpoints against the real store: per-item answers, idempotent re-sends, limits. */
class IngestApiTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    @Autowired
    EventStore eventStore;

    @Autowired
    ApplicationContext context;

    @Autowired
    TransactionManager transactions;

    final Chain chain = new Chain(UUID.randomUUID().toString().substring(0, 8));

    JsonNode post(String path, String actor, MediaType type, String body, int status) throws Exception {
        // Lifecycle items wait for the read models; a busy machine takes longer than the client's default 5 s.
        byte[] reply = http(actor).mutate().responseTimeout(Duration.ofSeconds(60)).build().post().uri(path).contentType(type).bodyValue(body)
                .exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return json.readTree(reply);
    }

    JsonNode events(String actor, List<Map<String, Object>> items) throws Exception {
        return post("/api/v1/events", actor, MediaType.APPLICATION_JSON, json.writeValueAsString(items), 200);
    }

    Instant deployed() throws Exception {
        assertThat(events("alice", chain.training()).get("accepted").asInt()).isEqualTo(8);
        assertThat(events("bob", chain.approval()).get("accepted").asInt()).isEqualTo(1);
        assertThat(events("alice", chain.deployment()).get("accepted").asInt()).isEqualTo(1);
        return Instant.now();
    }

    String predictionsPath() {
        return "/api/v1/predictions?environment=production&service=" + chain.service();
    }

    static String prediction(String requestId, Instant at) {
        return "{\"requestId\":\"" + requestId + "\",\"time\":\"" + at + "\",\"features\":{\"income\":52000},"
                + "\"output\":{\"score\":0.82}}";
    }

    @Test
    void lifecycle_events_are_accepted_once_and_a_resent_batch_is_all_duplicates() throws Exception {
        deployed();
        JsonNode again = events("alice", chain.training());
        assertThat(again.get("accepted").asInt()).isZero();
        assertThat(again.get("duplicate").asInt()).isEqualTo(8);
        assertThat(streamEvents("run:" + chain.run())).isEqualTo(3);
    }

    @Test
    void a_bad_lifecycle_item_is_rejected_by_name_and_the_good_ones_still_land() throws Exception {
        JsonNode reply = events("alice", List.of(
                Chain.item("RegisterDataset", "a-" + chain.suffix(), Map.of("name", chain.dataset(), "owner", "t")),
                Chain.item("RegisterDatasetVersion", "b-" + chain.suffix(), Map.of("dataset", chain.dataset(),
                        "version", "v1", "location", "s3://x/y", "digset", Chain.DATASET_DIGEST)),
                Chain.item("Teleport", "c-" + chain.suffix(), Map.of()),
                Chain.item("RegisterDatasetVersion", "d-" + chain.suffix(), Map.of("dataset", chain.dataset(),
                        "version", "v1", "location", "s3://x/y", "digest", "sha256:123"))));
        assertThat(reply.get("accepted").asInt()).isEqualTo(1);
        assertThat(reply.get("rejected").asInt()).isEqualTo(3);
        JsonNode items = reply.get("items");
        assertThat(items.get(1).get("field").asText()).isEqualTo("payload.digset");
        assertThat(items.get(2).get("field").asText()).isEqualTo("type");
        assertThat(items.get(3).get("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(items.get(3).get("field").asText()).isEqualTo("payload.digest");
        assertThat(streamEvents("dataset:" + chain.dataset())).isEqualTo(1);
    }

    @Test
    void predictions_are_answered_per_item_and_a_resend_is_never_stored_twice() throws Exception {
        Instant live = deployed();
        String body = String.join("\n",
                prediction("r1", live.plusSeconds(1)),
                prediction("r2", live.plusSeconds(2)),
                prediction("r1", live.plusSeconds(3)),
                "{\"requestId\":\"r3\",\"time\":\"yesterday\",\"output\":1}",
                prediction("r4", live.minusSeconds(3600)),
                "{\"requestId\":\"r5\",\"time\":\"" + live.plusSeconds(5) + "\",\"output\":1}");
        JsonNode reply = post(predictionsPath(), "credit-api", MediaType.parseMediaType("application/x-ndjson"), body, 200);
        assertThat(statuses(reply)).containsExactly("ACCEPTED", "ACCEPTED", "DUPLICATE", "REJECTED", "REJECTED",
                "REJECTED");
        assertThat(reply.get("items").get(3).get("field").asText()).isEqualTo("time");
        assertThat(reply.get("items").get(4).get("code").asText()).isEqualTo("CONFLICT");
        assertThat(reply.get("items").get(4).get("reason").asText()).contains("was not live");
        assertThat(reply.get("items").get(5).get("field").asText()).isEqualTo("features");

        JsonNode resent = post(predictionsPath(), "credit-api", MediaType.parseMediaType("application/x-ndjson"), body, 200);
        assertThat(resent.get("accepted").asInt()).isZero();
        assertThat(resent.get("duplicate").asInt()).isEqualTo(3);
        assertThat(keyedEvents("prediction_key", chain.service(), "r1")).isEqualTo(1);
        // The two accepted predictions are one event; the re-send stored nothing.
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT event_id) FROM prediction_key WHERE environment = "
                + "'production' AND service = ?", Integer.class, chain.service())).isEqualTo(1);

        String stored = jdbc.queryForObject("SELECT convert_from(e.payload, 'UTF8') FROM prediction_key k "
                + "JOIN domain_event_entry e ON e.event_identifier = k.event_id::text "
                + "WHERE k.environment = 'production' AND k.service = ? AND k.request_id = 'r1'", String.class, chain.service());
        assertThat(stored).contains("\"featuresDigest\":\"sha256:").doesNotContain("52000")
                .contains("\"model\":\"" + chain.model() + "\"").contains("\"requestId\":\"r2\"")
                .doesNotContain("\"requestId\":\"r4\"");
    }

    @Test
    void outcomes_join_by_request_id_once() throws Exception {
        Instant live = deployed();
        post(predictionsPath(), "credit-api", MediaType.APPLICATION_JSON,
                "[" + prediction("o1", live.plusSeconds(1)) + "]", 200);
        String outcomes = "[{\"requestId\":\"o1\",\"time\":\"" + live.plusSeconds(60) + "\",\"outcome\":{\"default\":false}},"
                + "{\"requestId\":\"nope\",\"time\":\"" + live.plusSeconds(60) + "\",\"outcome\":{\"default\":true}}]";
        String path = "/api/v1/outcomes?environment=production&service=" + chain.service();
        JsonNode reply = post(path, "labeler", MediaType.APPLICATION_JSON, outcomes, 200);
        assertThat(statuses(reply)).containsExactly("ACCEPTED", "REJECTED");
        assertThat(reply.get("items").get(1).get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(statuses(post(path, "labeler", MediaType.APPLICATION_JSON, outcomes, 200)))
                .containsExactly("DUPLICATE", "REJECTED");
        assertThat(keyedEvents("prediction_key", chain.service(), "o1")).isEqualTo(1);
        assertThat(keyedEvents("outcome_key", chain.service(), "o1")).isEqualTo(1);
        assertThat(keyedEvents("outcome_key", chain.service(), "nope")).isZero();

        // Its history: the batch event of the prediction, then the outcome's, each narrowed to this request id.
        GraphQlTester.Response history = graphQl().document("{ history(stream: \"prediction:production/" + chain.service()
                + "/o1\") { type sequence payload } }").execute();
        history.path("history[*].type").entityList(String.class).containsExactly("PredictionsRecorded", "OutcomesRecorded");
        history.path("history[0].payload.predictions[*].requestId").entityList(String.class).containsExactly("o1");
        history.path("history[1].payload.outcomes[0].outcome.default").entity(Boolean.class).isEqualTo(false);
        history.path("history[1].payload.outcomes").entityList(Object.class).hasSize(1);
        graphQl().document("{ history(stream: \"prediction:production/" + chain.service()
                + "/o1\", afterSequence: 0) { type } }").execute()
                .path("history[*].type").entityList(String.class).containsExactly("OutcomesRecorded");

        // The export of its trail: the two batch events as stored.
        String export = http().get().uri("/api/v1/audit/export?format=jsonl&stream=prediction:production/"
                + chain.service() + "/o1").exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(export.lines().map(line -> {
            try {
                return json.readTree(line).get("type").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList()).containsExactly("PredictionsRecorded", "OutcomesRecorded");
    }

    @Test
    void a_request_larger_than_an_event_holds_is_recorded_as_several_events_of_at_most_500() throws Exception {
        Instant live = deployed();
        String body = IntStream.range(0, 1_200).mapToObj(i -> prediction("s" + i, live.plusSeconds(1)))
                .collect(Collectors.joining("\n"));
        JsonNode reply = post(predictionsPath(), "credit-api", MediaType.parseMediaType("application/x-ndjson"), body, 200);
        assertThat(reply.get("accepted").asInt()).isEqualTo(1_200);
        List<Integer> sizes = jdbc.queryForList("SELECT jsonb_array_length(convert_from(e.payload, 'UTF8')::jsonb"
                + "->'predictions') FROM domain_event_entry e WHERE e.event_identifier IN (SELECT event_id::text "
                + "FROM prediction_key WHERE environment = 'production' AND service = ?) ORDER BY e.global_index",
                Integer.class, chain.service());
        assertThat(sizes).containsExactly(500, 500, 200);
        assertThat(post(predictionsPath(), "credit-api", MediaType.parseMediaType("application/x-ndjson"), body, 200)
                .get("duplicate").asInt()).isEqualTo(1_200);
    }

    @Test
    void custody_of_a_prediction_sent_over_http_returns_the_whole_chain() throws Exception {
        Instant live = deployed();
        post(predictionsPath() + "&wait=true", "credit-api", MediaType.APPLICATION_JSON,
                "[" + prediction("chain-1", live.plusSeconds(1)) + "]", 200);
        graphQl().documentName("custody").variable("environment", "production").variable("service", chain.service())
                .variable("requestId", "chain-1").execute()
                .path("custody.prediction.requestId").entity(String.class).isEqualTo("chain-1")
                .path("custody.prediction.model").entity(String.class).isEqualTo(chain.model())
                .path("custody.prediction.version").entity(Integer.class).isEqualTo(1)
                .path("custody.prediction.output.score").entity(Double.class).isEqualTo(0.82)
                .path("custody.deployment.service").entity(String.class).isEqualTo(chain.service())
                .path("custody.deployment.deployedBy").entity(String.class).isEqualTo("alice")
                .path("custody.deployment.live").entity(Boolean.class).isEqualTo(true)
                .path("custody.modelVersion.artifactDigest").entity(String.class).isEqualTo(Chain.ARTIFACT_DIGEST)
                .path("custody.modelVersion.registeredBy").entity(String.class).isEqualTo("alice")
                .path("custody.validations[0].passed").entity(Boolean.class).isEqualTo(true)
                .path("custody.approvals[0].approver").entity(String.class).isEqualTo("bob")
                .path("custody.run.id").entity(String.class).isEqualTo(chain.run())
                .path("custody.run.startedBy").entity(String.class).isEqualTo("alice")
                .path("custody.run.code.commit").entity(String.class).isEqualTo(Chain.COMMIT)
                .path("custody.inputs[0].dataset").entity(String.class).isEqualTo(chain.dataset())
                .path("custody.inputs[0].version").entity(String.class).isEqualTo("v3")
                .path("custody.inputs[0].digest").entity(String.class).isEqualTo(Chain.DATASET_DIGEST);
    }

    @Test
    void the_event_store_is_the_one_with_a_bounded_cache() {
        // Axon's own would cache 10,000 whole events, prediction batches included (custody.processing.cached-events).
        assertThat(context.getBeansOfType(EventStore.class)).containsOnlyKeys("embeddedEventStore");
    }

    @Test
    void concurrent_batches_sharing_request_ids_record_each_once() throws Exception {
        Instant live = deployed();
        // Four senders of 300 request ids, each sharing 50 with the next (the last with the first): 1,000 distinct.
        List<String> bodies = IntStream.range(0, 4).mapToObj(s -> IntStream.range(s * 250, s * 250 + 300)
                .mapToObj(i -> prediction("c" + (i % 1000), live.plusSeconds(1))).collect(Collectors.joining("\n"))).toList();
        List<JsonNode> replies = bodies.parallelStream().map(body -> {
            try {
                return post(predictionsPath(), "credit-api", MediaType.parseMediaType("application/x-ndjson"), body, 200);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(replies.stream().mapToInt(r -> r.get("accepted").asInt()).sum()).isEqualTo(1000);
        assertThat(replies.stream().mapToInt(r -> r.get("duplicate").asInt()).sum()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM prediction_key WHERE environment = 'production' "
                + "AND service = ?", Integer.class, chain.service())).isEqualTo(1000);
        // Every key names an event that holds its prediction.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM prediction_key k JOIN domain_event_entry e "
                + "ON e.event_identifier = k.event_id::text, jsonb_array_elements(convert_from(e.payload, 'UTF8')::jsonb"
                + "->'predictions') p WHERE k.service = ? AND p->>'requestId' = k.request_id", Integer.class,
                chain.service())).isEqualTo(1000);
    }

    @Test
    void predictions_recorded_one_stream_each_before_batching_keep_their_keys_and_history() throws Exception {
        Instant live = deployed();
        Environment env = Environment.of("production");
        ServiceName svc = ServiceName.of(chain.service());
        ModelVersionRef version = new ModelVersionRef(ModelName.of(chain.model()), 1);
        List<GenericDomainEventMessage<?>> legacy = new ArrayList<>();
        for (String id : List.of("l1", "l2")) {
            legacy.add(new GenericDomainEventMessage<>("Prediction", Streams.prediction(env, svc, RequestId.of(id)), 0,
                    new PredictionRecorded(env, svc, RequestId.of(id), version, live.plusSeconds(1), "sha256:" + "c".repeat(64),
                            null, json.createObjectNode().put("score", 0.4), null),
                    MetaData.with(Metadata.ACTOR, "credit-api")));
        }
        legacy.add(new GenericDomainEventMessage<>("Prediction", Streams.prediction(env, svc, RequestId.of("l1")), 1,
                new OutcomeRecorded(env, svc, RequestId.of("l1"), json.createObjectNode().put("default", true),
                        live.plusSeconds(9)), MetaData.with(Metadata.ACTOR, "labeler")));
        StoredEvents.append(eventStore, transactions, legacy);
        // What V31 does to a store written before batching, run again now that these are in it.
        String migration = new String(getClass().getResourceAsStream("/db/migration/V31__create_prediction_keys.sql")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (String statement : migration.substring(migration.indexOf("-- Predictions and outcomes recorded before"))
                .split(";")) {
            if (!statement.strip().lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
                jdbc.execute(statement);
            }
        }

        JsonNode resent = post(predictionsPath(), "credit-api", MediaType.APPLICATION_JSON,
                "[" + prediction("l1", live.plusSeconds(1)) + "]", 200);
        assertThat(statuses(resent)).containsExactly("DUPLICATE");
        String path = "/api/v1/outcomes?environment=production&service=" + chain.service();
        String outcomes = "[{\"requestId\":\"l1\",\"time\":\"" + live.plusSeconds(60) + "\",\"outcome\":{\"default\":false}},"
                + "{\"requestId\":\"l2\",\"time\":\"" + live.plusSeconds(60) + "\",\"outcome\":{\"default\":true}}]";
        assertThat(statuses(post(path, "labeler", MediaType.APPLICATION_JSON, outcomes, 200)))
                .containsExactly("DUPLICATE", "ACCEPTED");

        graphQl().document("{ history(stream: \"prediction:production/" + chain.service() + "/l1\") { type stream } }")
                .execute().path("history[*].type").entityList(String.class)
                .containsExactly("PredictionRecorded", "OutcomeRecorded");
        // Paging past the end of a stream from before batching finds nothing more.
        graphQl().document("{ history(stream: \"prediction:production/" + chain.service()
                + "/l1\", afterSequence: 1) { type } }").execute().path("history").entityList(Object.class).hasSize(0);
    }

    @Test
    void an_output_and_explanation_over_64_kb_are_rejected_by_field_and_large_items_are_split_within_the_event_limit()
            throws Exception {
        Instant live = deployed();
        String at = live.plusSeconds(1).toString();
        List<String> lines = new ArrayList<>(List.of(
                "{\"requestId\":\"big-output\",\"time\":\"" + at + "\",\"featuresDigest\":\"" + Chain.DATASET_DIGEST
                        + "\",\"output\":\"" + "o".repeat(70_000) + "\"}",
                "{\"requestId\":\"big-explanation\",\"time\":\"" + at + "\",\"featuresDigest\":\""
                        + Chain.DATASET_DIGEST + "\",\"output\":\"" + "o".repeat(10_000) + "\",\"explanation\":\""
                        + "e".repeat(60_000) + "\"}"));
        // 40 items of 40 KB: 1.6 MB, more than one event may take (custody.event-store.max-event-size, 1 MB).
        IntStream.range(0, 40).forEach(i -> lines.add("{\"requestId\":\"large-" + i + "\",\"time\":\"" + at
                + "\",\"featuresDigest\":\"" + Chain.DATASET_DIGEST + "\",\"output\":\"" + "x".repeat(40_000) + "\"}"));

        JsonNode reply = post(predictionsPath(), "credit-api", MediaType.parseMediaType("application/x-ndjson"),
                String.join("\n", lines), 200);

        assertThat(reply.get("accepted").asInt()).isEqualTo(40);
        assertThat(reply.get("items").get(0).get("field").asText()).isEqualTo("output");
        assertThat(reply.get("items").get(0).get("reason").asText()).contains("65536");
        assertThat(reply.get("items").get(1).get("field").asText()).isEqualTo("explanation");
        List<Integer> eventBytes = jdbc.queryForList("SELECT length(e.payload) FROM domain_event_entry e "
                + "WHERE e.event_identifier IN (SELECT event_id::text FROM prediction_key WHERE environment = "
                + "'production' AND service = ?)", Integer.class, chain.service());
        assertThat(eventBytes).hasSizeGreaterThan(1).allSatisfy(size -> assertThat(size).isLessThan(1024 * 1024));
    }

    @Test
    void a_batch_over_the_limit_or_without_its_deployment_is_refused_whole() throws Exception {
        String tooMany = IntStream.range(0, 10_001).mapToObj(i -> "{\"requestId\":\"x" + i + "\"}")
                .collect(Collectors.joining("\n"));
        JsonNode reply = post(predictionsPath(), "credit-api", MediaType.parseMediaType("application/x-ndjson"),
                tooMany, 400);
        assertThat(reply.get("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(reply.get("message").asText()).contains("10000");
        JsonNode missing = post("/api/v1/predictions?service=x", "credit-api", MediaType.APPLICATION_JSON, "[]", 400);
        assertThat(missing.get("field").asText()).isEqualTo("environment");
    }

    List<String> statuses(JsonNode reply) {
        List<String> out = new ArrayList<>();
        reply.get("items").forEach(item -> out.add(item.get("status").asText()));
        return out;
    }

    int streamEvents(String stream) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, stream);
        return n == null ? 0 : n;
    }

    /** How many stored events recorded this request id in a key table: 0 or 1, never more. */
    int keyedEvents(String table, String service, String requestId) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM " + table + " k JOIN domain_event_entry e "
                + "ON e.event_identifier = k.event_id::text WHERE k.environment = 'production' AND k.service = ? "
                + "AND k.request_id = ?", Integer.class, service, requestId);
        return n == null ? 0 : n;
    }
}
