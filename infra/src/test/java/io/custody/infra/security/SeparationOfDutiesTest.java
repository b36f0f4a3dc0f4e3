package io.custody.infra.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approver is not the trainer, whoever the run says trained it: a token that starts a run on
 * someone else's behalf ({@code startedBy}) is a trainer of it too, so it cannot approve the version
 * alone. Each person has a token of their own, holding every role, so only the rule can refuse.
 */
class SeparationOfDutiesTest extends IntegrationTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Autowired
    ObjectMapper json;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private int ids;

    @Test
    void one_token_cannot_start_a_run_as_someone_else_and_then_approve_it() throws Exception {
        String dataset = "lending/apps-" + suffix;
        String model = "credit-risk-" + suffix;
        String run = "run-" + suffix;
        JsonNode trained = send("mallory", List.of(
                item("RegisterDataset", Map.of("name", dataset, "owner", "risk-data")),
                item("RegisterDatasetVersion", Map.of("dataset", dataset, "version", "v1",
                        "location", "s3://lake/" + dataset + "/v1", "digest", "sha256:" + "d".repeat(64))),
                item("RegisterModel", Map.of("name", model, "owner", "risk-ml", "domain", "lending", "riskTier", "HIGH")),
                item("StartRun", Map.of("run", run, "experiment", "credit", "startedBy", "bob",
                        "code", Map.of("repository", "https://git.example.com/risk", "commit", COMMIT, "dirty", false),
                        "inputs", List.of(Map.of("dataset", dataset, "version", "v1")))),
                item("CompleteRun", Map.of("run", run)),
                item("RegisterModelVersion", Map.of("model", model, "run", run,
                        "artifactUri", "s3://models/" + model + "/1", "artifactDigest", "sha256:" + "a".repeat(64))),
                item("RecordValidation", Map.of("model", model, "version", 1,
                        "checks", List.of(Map.of("name", "auc>=0.75", "passed", true))))));
        assertThat(trained.get("rejected").asInt()).as("%s", trained).isZero();

        JsonNode byMallory = approve("mallory", model);
        assertThat(byMallory.get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(byMallory.get("reason").asText()).contains("mallory trained " + model + "#1");

        JsonNode byBob = approve("bob", model);
        assertThat(byBob.get("code").asText()).as("%s", byBob).isEqualTo("FORBIDDEN");

        JsonNode byCarol = approve("carol", model);
        assertThat(byCarol.get("status").asText()).as("%s", byCarol).isEqualTo("ACCEPTED");
        graphQl("carol").document("{ modelVersion(model: \"" + model + "\", version: 1) "
                        + "{ approvals { nodes { approver } } run { startedBy } } }").execute()
                .path("modelVersion.approvals.nodes[*].approver").entityList(String.class).containsExactly("carol")
                .path("modelVersion.run.startedBy").entity(String.class).isEqualTo("bob");
    }

    /** The one item's outcome of an approval sent as {@code actor}. */
    private JsonNode approve(String actor, String model) throws Exception {
        JsonNode reply = send(actor, List.of(item("ApproveModelVersion",
                Map.of("model", model, "version", 1, "role", "risk-officer"))));
        return reply.get("items").get(0);
    }

    private Map<String, Object> item(String type, Map<String, Object> payload) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", type);
        item.put("clientEventId", suffix + "-" + (++ids));
        item.put("payload", payload);
        return item;
    }

    private JsonNode send(String actor, List<Map<String, Object>> items) throws Exception {
        // The actor header names bob on every request: with security on it is ignored.
        byte[] body = http(actor).mutate().responseTimeout(Duration.ofMinutes(1)).build().post().uri("/api/v1/events")
                .contentType(MediaType.APPLICATION_JSON).header("X-Custody-Actor", "bob")
                .bodyValue(json.writeValueAsString(items)).exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody();
        return json.readTree(body);
    }
}
