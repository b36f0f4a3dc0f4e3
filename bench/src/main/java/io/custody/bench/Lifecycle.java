package io.custody.bench;

import java.util.List;
import java.util.Map;

/** Brings one model to production through {@code /api/v1/events}, as a pipeline and a deploy tool would. */
final class Lifecycle {

    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private Lifecycle() {
    }

    static void deployModel(Http http, String environment, String service) throws Exception {
        send(http, "pipeline", List.of(
                item("RegisterDataset", "ds", Map.of("name", "bench/applications", "owner", "bench")),
                item("RegisterDatasetVersion", "dsv", Map.of("dataset", "bench/applications", "version", "v1",
                        "location", "s3://bench/applications/v1", "digest", DIGEST)),
                item("StartRun", "start", Map.of("run", "bench-run", "code", Map.of("repository",
                        "https://git.example.com/bench", "commit", COMMIT, "dirty", false),
                        "inputs", List.of(Map.of("dataset", "bench/applications", "version", "v1")))),
                item("CompleteRun", "complete", Map.of("run", "bench-run")),
                item("RegisterModel", "model", Map.of("name", "bench-model", "owner", "bench", "domain", "lending",
                        "riskTier", "LOW")),
                item("RegisterModelVersion", "mv", Map.of("model", "bench-model", "run", "bench-run",
                        "artifactUri", "s3://bench/model/1", "artifactDigest", "sha256:" + "e".repeat(64))),
                item("RecordValidation", "val", Map.of("model", "bench-model", "version", 1,
                        "checks", List.of(Map.of("name", "auc", "passed", true))))));
        send(http, "reviewer", List.of(item("ApproveModelVersion", "approve", Map.of("model", "bench-model",
                "version", 1, "role", "risk-officer"))));
        send(http, "deployer", List.of(item("DeployModelVersion", "deploy", Map.of("environment", environment,
                "service", service, "model", "bench-model", "version", 1))));
    }

    private static Map<String, Object> item(String type, String id, Map<String, Object> payload) {
        return Map.of("type", type, "clientEventId", "bench-" + id, "payload", payload);
    }

    private static void send(Http http, String actor, List<Map<String, Object>> items) throws Exception {
        var reply = Http.JSON.readTree(http.post("/api/v1/events", "application/json", actor,
                Http.JSON.writeValueAsString(items)).body());
        if (reply.path("rejected").asInt() > 0 || !reply.has("accepted")) {
            throw new IllegalStateException("lifecycle set-up rejected: " + reply);
        }
    }
}
