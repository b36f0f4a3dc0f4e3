package io.custody.infra.ingest;

import java.util.List;
import java.util.Map;

/**
 * The lifecycle of one model, dataset to production, as {@code /api/v1/events} items: what a training
 * pipeline and a deployment tool would send. Names carry a suffix so tests sharing a database don't meet.
 */
record Chain(String suffix) {

    static final String DATASET_DIGEST = "sha256:" + "d".repeat(64);
    static final String ARTIFACT_DIGEST = "sha256:" + "e".repeat(64);
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    String dataset() {
        return "lending/applications-" + suffix;
    }

    String run() {
        return "run-" + suffix;
    }

    String model() {
        return "credit-risk-" + suffix;
    }

    String service() {
        return "credit-api-" + suffix;
    }

    static Map<String, Object> item(String type, String clientEventId, Map<String, Object> payload) {
        return Map.of("type", type, "clientEventId", clientEventId, "payload", payload);
    }

    /** Sent by the training pipeline: data, run, model version, validation. */
    List<Map<String, Object>> training() {
        return List.of(
                item("RegisterDataset", "ds-" + suffix, Map.of("name", dataset(), "owner", "risk-data")),
                item("RegisterDatasetVersion", "dsv-" + suffix, Map.of("dataset", dataset(), "version", "v3",
                        "location", "s3://lake/" + dataset() + "/v3", "digest", DATASET_DIGEST, "rowCount", 1000)),
                item("StartRun", "start-" + suffix, Map.of("run", run(), "experiment", "credit",
                        "code", Map.of("repository", "https://git.example.com/risk/credit", "commit", COMMIT,
                                "dirty", false),
                        "inputs", List.of(Map.of("dataset", dataset(), "version", "v3")),
                        "hyperparameters", List.of(Map.of("key", "max_depth", "value", "6")),
                        "environment", Map.of("image", "registry.example.com/train@sha256:" + "1".repeat(64)))),
                item("LogMetrics", "metrics-" + suffix, Map.of("run", run(), "metrics",
                        List.of(Map.of("name", "val_auc", "value", 0.81, "step", 10)))),
                item("CompleteRun", "complete-" + suffix, Map.of("run", run())),
                item("RegisterModel", "model-" + suffix, Map.of("name", model(), "owner", "risk-ml",
                        "domain", "lending", "riskTier", "HIGH")),
                item("RegisterModelVersion", "mv-" + suffix, Map.of("model", model(), "run", run(),
                        "artifactUri", "s3://models/" + model() + "/1", "artifactDigest", ARTIFACT_DIGEST)),
                item("RecordValidation", "val-" + suffix, Map.of("model", model(), "version", 1,
                        "metrics", List.of(Map.of("name", "auc", "value", 0.8)),
                        "checks", List.of(Map.of("name", "auc>=0.75", "passed", true)))));
    }

    /** Sent by a reviewer other than the trainer. */
    List<Map<String, Object>> approval() {
        return List.of(item("ApproveModelVersion", "approve-" + suffix, Map.of("model", model(), "version", 1,
                "role", "risk-officer", "comment", "ok")));
    }

    /** Sent by the deployment tool. */
    List<Map<String, Object>> deployment() {
        return List.of(item("DeployModelVersion", "deploy-" + suffix, Map.of("environment", "production",
                "service", service(), "model", model(), "version", 1)));
    }
}
