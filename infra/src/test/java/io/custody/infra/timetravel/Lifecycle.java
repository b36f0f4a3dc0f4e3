package io.custody.infra.timetravel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model's life sent to the real server through {@code POST /api/v1/events}, as a training pipeline,
 * a reviewer and a deploy tool would send it. Every name carries a suffix, so tests sharing a database
 * never meet. Each send waits for the read models (the endpoint does), so a query right after sees it.
 * Public for the console's browser tests, which drive the same life through the pages.
 */
public final class Lifecycle {

    public static final String DATASET_DIGEST = "sha256:" + "d".repeat(64);
    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private final Function<String, WebTestClient> clients;
    private final ObjectMapper json;
    public final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private int ids;

    /** {@code clients} gives an HTTP client authenticated as the actor it is given. */
    public Lifecycle(Function<String, WebTestClient> clients, ObjectMapper json) {
        // Generous: a batch waits for every read model, on a machine shared with other builds.
        this.clients = actor -> clients.apply(actor).mutate().responseTimeout(Duration.ofMinutes(1)).build();
        this.json = json;
    }

    public String dataset() {
        return "lending/applications-" + suffix;
    }

    public String model() {
        return "credit-risk-" + suffix;
    }

    public String service() {
        return "credit-api-" + suffix;
    }

    public String run(int version) {
        return "run-" + suffix + "-" + version;
    }

    /** One item of a batch; {@code eventTime} is when the emitter says it happened, or null. */
    public Map<String, Object> item(String type, String eventTime, Map<String, Object> payload) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", type);
        item.put("clientEventId", suffix + "-" + (++ids));
        if (eventTime != null) {
            item.put("eventTime", eventTime);
        }
        item.put("payload", payload);
        return item;
    }

    /** Sends a batch as {@code actor} and returns the reply, asserting that nothing was rejected. */
    public JsonNode send(String actor, List<Map<String, Object>> items) {
        return send(actor, null, items);
    }

    JsonNode send(String actor, String correlationId, List<Map<String, Object>> items) {
        WebTestClient.RequestBodySpec request = clients.apply(actor).post().uri("/api/v1/events")
                .contentType(MediaType.APPLICATION_JSON);
        if (correlationId != null) {
            request = request.header("X-Correlation-Id", correlationId);
        }
        byte[] body = request.bodyValue(write(items)).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody();
        JsonNode reply = read(body);
        assertThat(reply.get("rejected").asInt()).as("rejected items in %s", reply).isZero();
        return reply;
    }

    /** The dataset and one version of it. */
    public void registerData() {
        send("pipeline", List.of(
                item("RegisterDataset", null, Map.of("name", dataset(), "owner", "risk-data")),
                item("RegisterDatasetVersion", null, Map.of("dataset", dataset(), "version", "v3",
                        "location", "s3://lake/" + dataset() + "/v3", "digest", DATASET_DIGEST))));
    }

    /** Data, then {@code versions} model versions, each from its own run, validated and approved. */
    public void train(int versions) {
        train(versions, null);
    }

    /** As {@link #train(int)}, with every model event reported to have happened at {@code eventTime}. */
    void train(int versions, String eventTime) {
        registerData();
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item("RegisterModel", eventTime, Map.of("name", model(), "owner", "risk-ml", "domain", "lending",
                "riskTier", "HIGH")));
        for (int v = 1; v <= versions; v++) {
            items.add(item("StartRun", null, Map.of("run", run(v), "experiment", "credit",
                    "code", Map.of("repository", "https://git.example.com/risk/credit", "commit", COMMIT, "dirty", false),
                    "inputs", List.of(Map.of("dataset", dataset(), "version", "v3")))));
            items.add(item("CompleteRun", null, Map.of("run", run(v))));
            items.add(item("RegisterModelVersion", eventTime, Map.of("model", model(), "run", run(v),
                    "artifactUri", "s3://models/" + model() + "/" + v,
                    "artifactDigest", "sha256:" + Integer.toHexString(v).repeat(64).substring(0, 64))));
            items.add(item("RecordValidation", eventTime, Map.of("model", model(), "version", v,
                    "checks", List.of(Map.of("name", "auc>=0.75", "passed", true)))));
        }
        send("pipeline", items);
        List<Map<String, Object>> approvals = new ArrayList<>();
        for (int v = 1; v <= versions; v++) {
            approvals.add(item("ApproveModelVersion", eventTime, Map.of("model", model(), "version", v,
                    "role", "risk-officer")));
        }
        send("reviewer", approvals);
    }

    /** The deploy tool reports that {@code version} went live in production, at {@code eventTime} if given. */
    public void deploy(int version, String eventTime) {
        send("deployer", List.of(item("DeployModelVersion", eventTime, Map.of("environment", "production",
                "service", service(), "model", model(), "version", version))));
    }

    void rollBack(int toVersion, String reason) {
        send("deployer", List.of(item("RollBack", null, Map.of("environment", "production", "service", service(),
                "toVersion", toVersion, "reason", reason))));
    }

    /**
     * The instant right after everything sent so far was recorded: later than every recorded time so far
     * and earlier than anything sent next (recorded times have millisecond precision).
     */
    public static Instant pause() {
        sleep(5);
        Instant now = Instant.now();
        sleep(5);
        return now;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
