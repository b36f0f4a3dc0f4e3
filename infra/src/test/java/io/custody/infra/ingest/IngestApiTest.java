package io.custody.infra.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

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

    final Chain chain = new Chain(UUID.randomUUID().toString().substring(0, 8));

    JsonNode post(String path, String actor, MediaType type, String body, int status) throws Exception {
        byte[] reply = http().post().uri(path).contentType(type).header("X-Custody-Actor", actor).bodyValue(body)
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
        assertThat(streamEvents("prediction:production/" + chain.service() + "/r1")).isEqualTo(1);

        String stored = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", String.class, "prediction:production/" + chain.service() + "/r1");
        assertThat(stored).contains("\"featuresDigest\":\"sha256:").doesNotContain("52000")
                .contains("\"model\":\"" + chain.model() + "\"");
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
        assertThat(streamEvents("prediction:production/" + chain.service() + "/o1")).isEqualTo(2);
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
}
