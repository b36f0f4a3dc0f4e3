package io.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What policy evaluation adds to {@code deployModelVersion}: a model version with about 1,000 lineage nodes
 * upstream (a chain of OpenLineage jobs ahead of its run) is deployed to production again and again, alternating
 * with a second version so every deployment is a change, under a policy of 50 rules and under the default
 * policy's rules, in alternating blocks on the same server so both see the same machine. Each answer includes
 * read-your-writes (every read model applied it).
 */
final class GovernanceBench {

    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String LAKE = "bench-lake";
    private static final String MODEL = "bench-governed";
    private static final int METRICS = 38;
    private static final String DEPLOY = "mutation($i: DeployModelVersionInput!) "
            + "{ deployModelVersion(input: $i) { receipt { position } } }";
    private static final String PUBLISH = "mutation($n: String!, $d: String!) "
            + "{ publishPolicy(input: {name: $n, document: $d}) { version } }";

    private GovernanceBench() {
    }

    static void run(Path jar, String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int chain = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        try (ServerProcess server = ServerProcess.start(jar)) {
            Http http = new Http(server);
            long t0 = System.nanoTime();
            seed(http, chain);
            System.out.printf("seeded %d OpenLineage jobs (%d upstream nodes) in %.1f s%n", chain, 2 * chain + 2,
                    (System.nanoTime() - t0) / 1e9);
            for (int i = 0; i < 20; i++) {
                deploy(http, 1 + (i & 1));
            }
            long[] large = new long[samples];
            long[] small = new long[samples];
            int taken = 0;
            for (int round = 0; taken < samples; round++) {
                int n = Math.min(block, samples - taken);
                publish(http, "bench-fifty", fiftyRules(round));
                time(http, large, taken, n);
                publish(http, "bench-default", defaultRules(round));
                time(http, small, taken, n);
                taken += n;
            }
            Stats fifty = Stats.ofNanos(large);
            Stats builtin = Stats.ofNanos(small);
            System.out.printf("| policy | deployments | median | p99 |%n| --- | --- | --- | --- |%n");
            System.out.printf("| 50 rules | %d | %.2f ms | %.2f ms |%n", samples, fifty.median(), fifty.p99());
            System.out.printf("| default rules (builtin-gates/1) | %d | %.2f ms | %.2f ms |%n", samples,
                    builtin.median(), builtin.p99());
            System.out.printf("%np99 difference: %+.2f ms; median difference: %+.2f ms%n",
                    fifty.p99() - builtin.p99(), fifty.median() - builtin.median());
        }
    }

    private static void time(Http http, long[] into, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            long t0 = System.nanoTime();
            deploy(http, 1 + (i & 1));
            into[i] = System.nanoTime() - t0;
        }
    }

    private static void deploy(Http http, int version) throws Exception {
        http.graphQl("deployer", DEPLOY, Map.of("i", Map.of("environment", "production", "service", "bench-governed",
                "model", MODEL, "version", version)));
    }

    private static void publish(Http http, String name, String document) throws Exception {
        http.graphQl("admin", PUBLISH, Map.of("n", name, "d", document));
    }

    /** The default policy's rules, published under a name of its own so the blocks can alternate. */
    static String defaultRules(int round) {
        return "# round " + round + "\n" + """
                deployment:
                  production:
                    validation:
                      lastPassed: true
                    approvals:
                      - count: 1
                    separationOfDuties:
                      approverNotTrainer: true
                    cleanCommit: true
                    noQuarantinedInputs: true
                """;
    }

    /** 50 rules: 2 of data use, 48 production gates (38 of them metric thresholds). */
    static String fiftyRules(int round) {
        StringBuilder metrics = new StringBuilder();
        for (int m = 0; m < METRICS; m++) {
            metrics.append("        - \"m").append(m).append(" >= 0.5\"\n");
        }
        return "# round " + round + "\n" + """
                dataUse:
                  lending:
                    forbiddenTags: [pii-raw, biometric]
                    allowedNamespaces: [bench-lake, bench]
                deployment:
                  production:
                    validation:
                      lastPassed: true
                      metrics:
                %s    approvals:
                      - count: 1
                        role: risk-officer
                    riskTiers:
                      HIGH:
                        approvals:
                          - count: 2
                            role: risk-officer
                    separationOfDuties:
                      approverNotTrainer: true
                      deployerNotApprover: true
                      deployerNotTrainer: true
                    cleanCommit: true
                    noQuarantinedInputs: true
                    deployers:
                      roles: [DEPLOYER]
                    freezeWindows:
                      - from: SUNDAY 23:58
                        to: SUNDAY 23:59
                        zone: Pacific/Kiritimati
                """.formatted(metrics);
    }

    /** A chain of OpenLineage jobs ahead of two runs, two model versions validated and approved. */
    private static void seed(Http http, int chain) throws Exception {
        events(http, "pipeline", List.of(
                item("RegisterDataset", Map.of("name", LAKE + "/chain/ds-0", "owner", "bench")),
                item("RegisterDatasetVersion", Map.of("dataset", LAKE + "/chain/ds-0", "version", "v1",
                        "location", "s3://bench/ds-0", "digest", DIGEST))));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < chain; i++) {
            batch.add(Map.of("eventType", "COMPLETE", "eventTime", "2026-01-15T08:00:00Z",
                    "producer", "https://airflow.example.com",
                    "schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                    "run", Map.of("runId", UUID.randomUUID().toString()),
                    "job", Map.of("namespace", "airflow", "name", "step-" + i),
                    "inputs", List.of(dataset(i)), "outputs", List.of(dataset(i + 1))));
            if (batch.size() == 50 || i == chain - 1) {
                var reply = http.post("/api/v1/lineage/batch?wait=true", "application/json", "airflow",
                        Http.JSON.writeValueAsString(batch));
                if (reply.statusCode() >= 300) {
                    throw new IllegalStateException("lineage batch refused: " + reply.body());
                }
                batch.clear();
            }
        }
        Map<String, Object> metrics = new java.util.HashMap<>();
        for (int m = 0; m < METRICS; m++) {
            metrics.put("m" + m, 0.9);
        }
        List<Map<String, Object>> pipeline = new ArrayList<>(List.of(item("RegisterModel", Map.of("name", MODEL,
                "owner", "bench", "domain", "lending", "riskTier", "HIGH"))));
        for (int v = 1; v <= 2; v++) {
            String run = "bench-governed-run-" + v;
            pipeline.add(item("StartRun", Map.of("run", run, "code", Map.of("repository",
                    "https://git.example.com/bench", "commit", COMMIT, "dirty", false),
                    "inputs", List.of(Map.of("dataset", LAKE + "/chain/ds-" + chain, "version", "v1")))));
            pipeline.add(item("CompleteRun", Map.of("run", run)));
            pipeline.add(item("RegisterModelVersion", Map.of("model", MODEL, "run", run,
                    "artifactUri", "s3://bench/governed/" + v, "artifactDigest", "sha256:" + "e".repeat(63) + v)));
            List<Map<String, Object>> values = new ArrayList<>();
            metrics.forEach((name, value) -> values.add(Map.of("name", name, "value", value)));
            pipeline.add(item("RecordValidation", Map.of("model", MODEL, "version", v, "metrics", values,
                    "checks", List.of(Map.of("name", "holdout", "passed", true)))));
        }
        events(http, "pipeline", pipeline);
        for (String reviewer : List.of("reviewer", "reviewer2")) {
            for (int v = 1; v <= 2; v++) {
                events(http, reviewer, List.of(item("ApproveModelVersion", Map.of("model", MODEL, "version", v,
                        "role", "risk-officer"))));
            }
        }
    }

    private static Map<String, Object> dataset(int i) {
        return Map.of("namespace", LAKE, "name", "chain/ds-" + i,
                "facets", Map.of("version", Map.of("datasetVersion", "v1")));
    }

    private static Map<String, Object> item(String type, Map<String, Object> payload) {
        return Map.of("type", type, "clientEventId", "bench-" + UUID.randomUUID(), "payload", payload);
    }

    private static void events(Http http, String actor, List<Map<String, Object>> items) throws Exception {
        JsonNode reply = Http.JSON.readTree(http.post("/api/v1/events", "application/json", actor,
                Http.JSON.writeValueAsString(items)).body());
        if (reply.path("rejected").asInt() > 0 || !reply.has("accepted")) {
            throw new IllegalStateException("governance set-up rejected: " + reply);
        }
    }
}
