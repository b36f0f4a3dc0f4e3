package io.custody.infra.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 right after a prediction batch is acknowledged: after a restart on the same data directory
 * every acknowledged prediction is there, in the store and in the read side.
 */
class KillDuringIngestIT {

    static final int BATCH = 1_000;

    @Test
    void an_acknowledged_batch_survives_kill_minus_nine(@TempDir Path dir) throws Exception {
        try (CustodyServer server = new CustodyServer(dir.resolve("custody-data")).start()) {
            deploy(server);
            StringBuilder body = new StringBuilder();
            Instant now = Instant.now();
            for (int i = 0; i < BATCH; i++) {
                body.append("{\"requestId\":\"k").append(i).append("\",\"time\":\"").append(now)
                        .append("\",\"featuresDigest\":\"sha256:").append("ab".repeat(32))
                        .append("\",\"output\":{\"score\":").append(i % 100 / 100.0).append("}}\n");
            }
            HttpResponse<String> reply = server.post("/api/v1/predictions?environment=production&service=svc",
                    "application/x-ndjson", body.toString());
            server.kill();
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(CustodyServer.JSON.readTree(reply.body()).get("accepted").asInt()).isEqualTo(BATCH);

            server.start();
            for (int i = 0; i < BATCH; i++) {
                JsonNode history = server.graphQl("{ history(stream: \"prediction:production/svc/k" + i
                        + "\") { type payload } }");
                assertThat(history.at("/data/history/0/type").asText()).as("prediction k%d", i)
                        .isEqualTo("PredictionsRecorded");
                assertThat(history.at("/data/history/0/payload/predictions/0/requestId").asText()).isEqualTo("k" + i);
                assertThat(history.at("/data/history/0/payload/predictions").size()).isEqualTo(1);
            }
            // The read side catches up from its stored tokens and shows the last one too.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(server.graphQl("{ custody(environment: \"production\", service: \"svc\", requestId: \"k"
                            + (BATCH - 1) + "\") { prediction { requestId } } }")
                            .at("/data/custody/prediction/requestId").asText()).isEqualTo("k" + (BATCH - 1)));
        }
    }

    static void deploy(CustodyServer server) throws Exception {
        String digest = "sha256:" + "d".repeat(64);
        send(server, List.of(
                item("RegisterDataset", "ds", Map.of("name", "kill/data", "owner", "t")),
                item("RegisterDatasetVersion", "dsv", Map.of("dataset", "kill/data", "version", "v1",
                        "location", "s3://kill/v1", "digest", digest)),
                item("StartRun", "start", Map.of("run", "kill-run", "code", Map.of("repository", "https://git/x",
                        "commit", "0123456789abcdef0123456789abcdef01234567", "dirty", false),
                        "inputs", List.of(Map.of("dataset", "kill/data", "version", "v1")))),
                item("CompleteRun", "complete", Map.of("run", "kill-run")),
                item("RegisterModel", "model", Map.of("name", "kill-model", "owner", "t", "domain", "d",
                        "riskTier", "LOW")),
                item("RegisterModelVersion", "mv", Map.of("model", "kill-model", "run", "kill-run",
                        "artifactUri", "s3://m/1", "artifactDigest", "sha256:" + "e".repeat(64))),
                item("RecordValidation", "val", Map.of("model", "kill-model", "version", 1,
                        "checks", List.of(Map.of("name", "auc", "passed", true))))), "it");
        send(server, List.of(item("ApproveModelVersion", "approve", Map.of("model", "kill-model", "version", 1))),
                "reviewer");
        send(server, List.of(item("DeployModelVersion", "deploy", Map.of("environment", "production",
                "service", "svc", "model", "kill-model", "version", 1))), "it");
    }

    static Map<String, Object> item(String type, String id, Map<String, Object> payload) {
        return Map.of("type", type, "clientEventId", "kill-" + id, "payload", payload);
    }

    static void send(CustodyServer server, List<Map<String, Object>> items, String actor) throws Exception {
        HttpResponse<String> reply = server.post("/api/v1/events", "application/json",
                CustodyServer.JSON.writeValueAsString(items), actor);
        JsonNode json = CustodyServer.JSON.readTree(reply.body());
        assertThat(json.get("rejected").asInt()).as("%s", json).isZero();
    }
}
