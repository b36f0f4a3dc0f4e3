package io.custody.infra.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.time.Duration;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From bad data to live models in one query: an OpenLineage job derives features from raw data, a
 * training run reads the features, its model version goes to production. Impact from the raw data (and
 * from the training commit) finds all of it, with paths; quarantining the raw data records the impact,
 * marks the model version at risk and stops its next production deployment.
 */
class LineageImpactTest extends IntegrationTest {

    private static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";
    private static final String REPOSITORY = "https://git.example.com/risk/credit";

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String jobRun = UUID.randomUUID().toString();

    String lake() {
        return "s3://lake-" + suffix;
    }

    String raw() {
        return lake() + "/raw/applications";
    }

    String features() {
        return lake() + "/features/applications";
    }

    String model() {
        return "credit-risk-" + suffix;
    }

    JsonNode post(String path, String actor, String body, int status) throws Exception {
        byte[] reply = http(actor).mutate().responseTimeout(java.time.Duration.ofSeconds(60)).build().post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isEqualTo(status).expectBody().returnResult()
                .getResponseBody();
        return json.readTree(reply);
    }

    JsonNode events(String actor, Map<String, Object>... items) throws Exception {
        JsonNode reply = post("/api/v1/events", actor, json.writeValueAsString(List.of(items)), 200);
        return reply;
    }

    static Map<String, Object> item(String type, String id, String eventTime, Map<String, Object> payload) {
        return eventTime == null ? Map.of("type", type, "clientEventId", id, "payload", payload)
                : Map.of("type", type, "clientEventId", id, "eventTime", eventTime, "payload", payload);
    }

    /** Airflow derives the features from the raw data; nothing about either was known to Custody before. */
    void featuresDerivedByAirflow() throws Exception {
        post("/api/v1/lineage", "airflow", """
                {"eventType": "COMPLETE", "eventTime": "2026-01-15T08:00:00Z", "producer": "https://airflow.example.com",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow-%s", "name": "features.build"},
                 "inputs": [{"namespace": "%s", "name": "raw/applications", "facets": {"version": {"datasetVersion": "v3"}}}],
                 "outputs": [{"namespace": "%s", "name": "features/applications"}]}
                """.formatted(jobRun, suffix, lake(), lake()), 201);
    }

    String s(String id) {
        return id + "-" + suffix;
    }

    /** A training run reads the features; its model version passes the gates and goes live. */
    void trainedAndDeployed() throws Exception {
        JsonNode reply = events("alice",
                item("StartRun", s("start"), "2026-01-15T09:00:00Z", Map.of("run", s("train"),
                        "code", Map.of("repository", REPOSITORY, "commit", COMMIT, "dirty", false),
                        "inputs", List.of(Map.of("dataset", features(), "version", "run-" + jobRun)))),
                item("CompleteRun", s("complete"), null, Map.of("run", s("train"))),
                item("RegisterModel", s("model"), null, Map.of("name", model(), "owner", "risk-ml", "domain", "lending",
                        "riskTier", "HIGH")),
                item("RegisterModelVersion", s("mv"), null, Map.of("model", model(), "run", s("train"),
                        "artifactUri", "s3://models/1", "artifactDigest", "sha256:" + "e".repeat(64))),
                item("RecordValidation", s("val"), null, Map.of("model", model(), "version", 1,
                        "checks", List.of(Map.of("name", "auc", "passed", true)))));
        assertThat(reply.get("rejected").asInt()).as(reply.toString()).isZero();
        assertThat(events("bob", item("ApproveModelVersion", s("approve"), null, Map.of("model", model(),
                "version", 1, "role", "risk-officer"))).get("accepted").asInt()).isEqualTo(1);
        assertThat(events("erin", item("DeployModelVersion", s("deploy"), "2026-01-15T10:00:00Z",
                Map.of("environment", "production", "service", s("api"), "model", model(), "version", 1)))
                .get("accepted").asInt()).isEqualTo(1);
    }

    GraphQlTester.Response impact() {
        return graphQl().document("""
                        query($ds: String!) { impact(dataset: $ds, version: "v3") {
                            root { id } reachedCount
                            runs { node { id kind } depth path }
                            modelVersions { node { id } path }
                            liveDeployments { node { id } path }
                            datasetVersions { node { id } } } }""")
                .variable("ds", raw()).execute();
    }

    @Test
    void impact_of_a_dataset_version_reaches_runs_model_versions_and_live_deployments_with_paths() throws Exception {
        featuresDerivedByAirflow();
        trainedAndDeployed();
        String mv = "modelVersion:" + model() + "#1";
        String deployment = "deployment:production/" + s("api");
        List<String> path = List.of("datasetVersion:" + raw() + "@v3", "jobRun:" + jobRun,
                "datasetVersion:" + features() + "@run-" + jobRun, "run:" + s("train"), mv);
        impact()
                .path("impact.runs[*].node.id").entityList(String.class)
                .containsExactly("jobRun:" + jobRun, "run:" + s("train"))
                .path("impact.runs[*].node.kind").entityList(String.class).containsExactly("JOB_RUN", "RUN")
                .path("impact.modelVersions[0].node.id").entity(String.class).isEqualTo(mv)
                .path("impact.modelVersions[0].path").entityList(String.class).containsExactly(path.toArray(String[]::new))
                .path("impact.liveDeployments[0].node.id").entity(String.class).isEqualTo(deployment)
                .path("impact.liveDeployments[0].path").entityList(String.class).hasSize(6)
                .path("impact.datasetVersions[*].node.id").entityList(String.class)
                .containsExactly("datasetVersion:" + features() + "@run-" + jobRun);

        graphQl().document("""
                        query($repo: String!, $sha: String!) { impactOfCommit(repository: $repo, commit: $sha) {
                            modelVersions { node { id } path } liveDeployments { node { id } } } }""")
                .variable("repo", REPOSITORY).variable("sha", COMMIT.toUpperCase()).execute()
                .path("impactOfCommit.modelVersions[0].node.id").entity(String.class).isEqualTo(mv)
                .path("impactOfCommit.modelVersions[0].path").entityList(String.class)
                .containsExactly("commit:" + REPOSITORY + "@" + COMMIT, "run:" + s("train"), mv)
                .path("impactOfCommit.liveDeployments[0].node.id").entity(String.class).isEqualTo(deployment);

        // Ended deployments leave impact, and stay in lineage as of a moment they were live.
        assertThat(events("erin", item("Undeploy", s("undeploy"), "2026-01-16T10:00:00Z",
                Map.of("environment", "production", "service", s("api"), "reason", "retired")))
                .get("accepted").asInt()).isEqualTo(1);
        impact().path("impact.liveDeployments").entityList(Object.class).hasSize(0);
        String lineageAsOf = """
                query($node: String!, $at: DateTime) { lineage(node: $node, direction: UPSTREAM, depth: 1, asOf: $at) {
                    edges { from kind validFrom validTo } } }""";
        graphQl().document(lineageAsOf).variable("node", deployment).variable("at", "2026-01-15T12:00:00Z").execute()
                .path("lineage.edges[0].from").entity(String.class).isEqualTo(mv)
                .path("lineage.edges[0].validTo").entity(String.class).isEqualTo("2026-01-16T10:00Z");
        graphQl().document(lineageAsOf).variable("node", deployment).variable("at", "2026-01-17T00:00:00Z").execute()
                .path("lineage.edges").entityList(Object.class).hasSize(0);
    }

    @Test
    void quarantine_records_the_impact_marks_the_model_version_at_risk_and_refuses_production() throws Exception {
        featuresDerivedByAirflow();
        trainedAndDeployed();
        graphQl().document("query($m: String!) { modelVersion(model: $m, version: 1) { atRisk atRiskReasons } }")
                .variable("m", model()).execute()
                .path("modelVersion.atRisk").entity(Boolean.class).isEqualTo(false);

        JsonNode quarantine = events("carol", item("QuarantineDatasetVersion", s("quarantine"), null,
                Map.of("dataset", raw(), "version", "v3", "reason", "label leakage found in audit")));
        assertThat(quarantine.get("accepted").asInt()).as(quarantine.toString()).isEqualTo(1);

        graphQl().document("""
                        query($stream: String!) { history(stream: $stream) { type payload } }""")
                .variable("stream", "dataset:" + raw()).execute()
                .path("history[*].type").entityList(String.class).contains("DatasetVersionQuarantined", "ImpactAssessed")
                .path("history[-1].payload.modelVersions[0].node").entity(String.class)
                .isEqualTo("modelVersion:" + model() + "#1")
                .path("history[-1].payload.liveDeployments[0].node").entity(String.class)
                .isEqualTo("deployment:production/" + s("api"))
                .path("history[-1].payload.runCount").entity(Integer.class).isEqualTo(2);

        graphQl().document("query($m: String!) { modelVersion(model: $m, version: 1) { atRisk atRiskReasons } }")
                .variable("m", model()).execute()
                .path("modelVersion.atRisk").entity(Boolean.class).isEqualTo(true)
                .path("modelVersion.atRiskReasons[0]").entity(String.class)
                .satisfies(r -> assertThat(r).contains(raw() + "@v3", "label leakage found in audit"));

        JsonNode refused = events("erin", item("DeployModelVersion", s("deploy-2"), null,
                Map.of("environment", "production", "service", s("api-2"), "model", model(), "version", 1)));
        assertThat(refused.get("rejected").asInt()).isEqualTo(1);
        assertThat(refused.at("/items/0/code").asText()).isEqualTo("FORBIDDEN");
        assertThat(refused.at("/items/0/reason").asText())
                .contains("at risk: it descends from quarantined dataset version " + raw() + "@v3");
    }

    @Test
    void replaying_the_lineage_read_model_from_the_start_changes_no_row() throws Exception {
        featuresDerivedByAirflow();
        trainedAndDeployed();
        events("carol", item("QuarantineDatasetVersion", s("quarantine"), null,
                Map.of("dataset", raw(), "version", "v3", "reason", "label leakage")));
        events("erin", item("Undeploy", s("undeploy"), "2026-01-16T10:00:00Z",
                Map.of("environment", "production", "service", s("api"), "reason", "retired")));
        Map<String, String> before = snapshot();

        StreamingEventProcessor processor = processing.eventProcessor("lineage-read-model",
                StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!replayedTo(processor, head)) {
            assertThat(System.nanoTime()).as("the replay reached position %d within 60 s", head).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    static boolean replayedTo(StreamingEventProcessor processor, long head) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        return !status.isEmpty() && status.values().stream().allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
    }

    /** Row count and a digest of every row's content, per lineage table. */
    Map<String, String> snapshot() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String table : List.of("rm_lineage_node", "rm_lineage_edge")) {
            out.put(table, jdbc.queryForObject("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "
                    + "ORDER BY t::text)), '') FROM " + table + " t", String.class));
        }
        return out;
    }
}
