package io.custody.infra.timetravel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.custody.infra.support.GraphQlErrorsAssert.oneError;

/**
 * A model's and a dataset's versions, a deployment's history, a model's or a version's stints, a version's
 * validations and approvals, and a run's artifacts grow without bound, so they are served a page at a time: first, after, edges, nodes and pageInfo, like the
 * top-level lists.
 */
class ChildListPagingTest extends IntegrationTest {

    private static final String MODEL_VERSIONS = """
            query($m: String!, $first: Int, $after: String, $asOf: DateTime) {
              model(name: $m, asOf: $asOf) { versions(first: $first, after: $after) {
                edges { cursor node { version } } nodes { version } pageInfo { hasNextPage endCursor } } }
            }""";
    private static final String DATASET_VERSIONS = """
            query($d: String!, $first: Int, $after: String) {
              dataset(name: $d) { versions(first: $first, after: $after) {
                nodes { version } pageInfo { hasNextPage endCursor } } }
            }""";
    private static final String HISTORY = """
            query($s: String!, $first: Int, $after: String) {
              deployment(environment: "production", service: $s) { history(first: $first, after: $after) {
                nodes { version } pageInfo { hasNextPage endCursor } } }
            }""";

    @Autowired
    ObjectMapper json;

    Lifecycle life;

    @BeforeEach
    void fresh() {
        life = new Lifecycle(this::http, json);
    }

    @Test
    void a_models_versions_come_newest_first_a_page_at_a_time() {
        life.train(3);

        GraphQlTester.Response first = modelVersions(2, null, null);
        first.path("model.versions.nodes[*].version").entityList(Integer.class).containsExactly(3, 2)
                .path("model.versions.edges[*].node.version").entityList(Integer.class).containsExactly(3, 2)
                .path("model.versions.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = first.path("model.versions.pageInfo.endCursor").entity(String.class).get();
        first.path("model.versions.edges[1].cursor").entity(String.class).isEqualTo(cursor);

        modelVersions(2, cursor, null).path("model.versions.nodes[*].version").entityList(Integer.class).containsExactly(1)
                .path("model.versions.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void pages_of_versions_as_of_an_instant_hold_only_the_versions_registered_by_then() {
        life.train(2);
        Instant twoVersions = Lifecycle.pause();
        life.send("pipeline", List.of(life.item("RegisterModelVersion", null, Map.of("model", life.model(),
                "run", life.run(2), "artifactUri", "s3://models/" + life.model() + "/3",
                "artifactDigest", "sha256:" + "3".repeat(64)))));

        GraphQlTester.Response then = modelVersions(1, null, twoVersions);
        then.path("model.versions.nodes[*].version").entityList(Integer.class).containsExactly(2)
                .path("model.versions.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = then.path("model.versions.pageInfo.endCursor").entity(String.class).get();
        modelVersions(1, cursor, twoVersions).path("model.versions.nodes[*].version").entityList(Integer.class)
                .containsExactly(1).path("model.versions.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
        modelVersions(5, null, null).path("model.versions.nodes[*].version").entityList(Integer.class)
                .containsExactly(3, 2, 1);
    }

    @Test
    void a_datasets_versions_come_newest_first_a_page_at_a_time() {
        life.registerData();
        for (String version : List.of("v4", "v5")) {
            life.send("pipeline", List.of(life.item("RegisterDatasetVersion", null, Map.of("dataset", life.dataset(),
                    "version", version, "location", "s3://lake/" + life.dataset() + "/" + version,
                    "digest", Lifecycle.DATASET_DIGEST))));
        }

        GraphQlTester.Response first = datasetVersions(2, null);
        first.path("dataset.versions.nodes[*].version").entityList(String.class).containsExactly("v5", "v4")
                .path("dataset.versions.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = first.path("dataset.versions.pageInfo.endCursor").entity(String.class).get();
        datasetVersions(2, cursor).path("dataset.versions.nodes[*].version").entityList(String.class)
                .containsExactly("v3").path("dataset.versions.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void a_deployments_history_comes_oldest_first_a_page_at_a_time() {
        life.train(3);
        life.deploy(1, null);
        life.deploy(2, null);
        life.deploy(3, null);

        GraphQlTester.Response first = history(2, null);
        first.path("deployment.history.nodes[*].version").entityList(Integer.class).containsExactly(1, 2)
                .path("deployment.history.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = first.path("deployment.history.pageInfo.endCursor").entity(String.class).get();
        history(2, cursor).path("deployment.history.nodes[*].version").entityList(Integer.class).containsExactly(3)
                .path("deployment.history.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void a_models_and_a_versions_stints_come_oldest_first_a_page_at_a_time() {
        life.train(2);
        life.deploy(1, null);
        life.deploy(2, null);
        life.rollBack(1, "latency regression");
        String stints = """
                query($m: String!, $first: Int, $after: String, $modelAfter: String) {
                  model(name: $m) { deployments(first: $first, after: $modelAfter) {
                    nodes { version startReason } pageInfo { hasNextPage endCursor } } }
                  modelVersion(model: $m, version: 1) { deployments(first: $first, after: $after) {
                    nodes { version startReason } pageInfo { hasNextPage endCursor } } }
                }""";

        GraphQlTester.Response first = graphQl().document(stints).variable("m", life.model()).variable("first", 2)
                .execute();
        first.path("model.deployments.nodes[*].version").entityList(Integer.class).containsExactly(1, 2)
                .path("model.deployments.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true)
                .path("modelVersion.deployments.nodes[*].startReason").entityList(String.class)
                .containsExactly("DEPLOYED", "ROLLBACK")
                .path("modelVersion.deployments.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
        String cursor = first.path("model.deployments.pageInfo.endCursor").entity(String.class).get();
        graphQl().document(stints).variable("m", life.model()).variable("first", 2).variable("modelAfter", cursor)
                .execute().path("model.deployments.nodes[*].version").entityList(Integer.class).containsExactly(1)
                .path("model.deployments.nodes[0].startReason").entity(String.class).isEqualTo("ROLLBACK")
                .path("model.deployments.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void a_runs_artifacts_come_in_the_order_logged_a_page_at_a_time() {
        life.registerData();
        String run = life.run(9);
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(life.item("StartRun", null, Map.of("run", run, "experiment", "credit",
                "code", Map.of("repository", "https://git.example.com/risk/credit", "commit", Lifecycle.COMMIT,
                        "dirty", false),
                "inputs", List.of(Map.of("dataset", life.dataset(), "version", "v3")))));
        for (int i = 1; i <= 3; i++) {
            items.add(life.item("LogArtifact", null, Map.of("run", run, "name", "checkpoint-" + i,
                    "uri", "s3://models/checkpoints/" + i, "digest", "sha256:" + String.valueOf(i).repeat(64))));
        }
        life.send("pipeline", items);
        String artifacts = """
                query($r: String!, $after: String) {
                  run(id: $r) { artifacts(first: 2, after: $after) { nodes { name } pageInfo { hasNextPage endCursor } } }
                }""";

        GraphQlTester.Response first = graphQl().document(artifacts).variable("r", run).execute();
        first.path("run.artifacts.nodes[*].name").entityList(String.class).containsExactly("checkpoint-1", "checkpoint-2")
                .path("run.artifacts.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = first.path("run.artifacts.pageInfo.endCursor").entity(String.class).get();
        graphQl().document(artifacts).variable("r", run).variable("after", cursor).execute()
                .path("run.artifacts.nodes[*].name").entityList(String.class).containsExactly("checkpoint-3")
                .path("run.artifacts.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void a_versions_validations_come_oldest_first_a_page_at_a_time() {
        life.train(1);
        for (String check : List.of("drift<0.1", "fairness")) {
            life.send("pipeline", List.of(life.item("RecordValidation", null, Map.of("model", life.model(),
                    "version", 1, "checks", List.of(Map.of("name", check, "passed", true))))));
        }
        String validations = """
                query($m: String!, $after: String) {
                  modelVersion(model: $m, version: 1) { validations(first: 2, after: $after) {
                    nodes { checks { name } } pageInfo { hasNextPage endCursor } }
                    approvals(first: 2) { nodes { role } pageInfo { hasNextPage } } }
                }""";

        GraphQlTester.Response first = graphQl().document(validations).variable("m", life.model()).execute();
        first.path("modelVersion.validations.nodes[*].checks[0].name").entityList(String.class)
                .containsExactly("auc>=0.75", "drift<0.1")
                .path("modelVersion.validations.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true)
                .path("modelVersion.approvals.nodes[*].role").entityList(String.class).containsExactly("risk-officer")
                .path("modelVersion.approvals.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
        String cursor = first.path("modelVersion.validations.pageInfo.endCursor").entity(String.class).get();
        graphQl().document(validations).variable("m", life.model()).variable("after", cursor).execute()
                .path("modelVersion.validations.nodes[*].checks[0].name").entityList(String.class)
                .containsExactly("fairness")
                .path("modelVersion.validations.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void every_model_on_a_page_gets_its_own_versions() {
        Lifecycle other = new Lifecycle(this::http, json);
        life.train(2);
        other.train(1);

        graphQl().document("""
                        query($a: String!, $b: String!) {
                          a: model(name: $a) { versions(first: 1) { nodes { model version } } }
                          b: model(name: $b) { versions(first: 1) { nodes { model version } } }
                        }""").variable("a", life.model()).variable("b", other.model()).execute()
                .path("a.versions.nodes[*].version").entityList(Integer.class).containsExactly(2)
                .path("a.versions.nodes[0].model").entity(String.class).isEqualTo(life.model())
                .path("b.versions.nodes[*].version").entityList(Integer.class).containsExactly(1)
                .path("b.versions.nodes[0].model").entity(String.class).isEqualTo(other.model());
    }

    @Test
    void a_cursor_this_api_did_not_return_is_refused_naming_after() {
        life.train(1);
        life.deploy(1, null);

        modelVersions(2, "bm90LWEtbnVtYmVy", null).errors().satisfy(oneError("BAD_REQUEST", "after", "not a cursor"));
        history(2, "%%%").errors().satisfy(oneError("BAD_REQUEST", "after", "not a cursor"));
    }

    @Test
    void a_page_size_outside_one_to_five_hundred_is_refused_naming_first() {
        life.train(1);

        modelVersions(0, null, null).errors().satisfy(oneError("BAD_REQUEST", "first", "between 1 and 500"));
        datasetVersions(501, null).errors().satisfy(oneError("BAD_REQUEST", "first", "between 1 and 500"));
    }

    private GraphQlTester.Response modelVersions(int first, String after, Instant asOf) {
        return graphQl().document(MODEL_VERSIONS).variable("m", life.model()).variable("first", first)
                .variable("after", after).variable("asOf", asOf == null ? null : asOf.toString()).execute();
    }

    private GraphQlTester.Response datasetVersions(int first, String after) {
        return graphQl().document(DATASET_VERSIONS).variable("d", life.dataset()).variable("first", first)
                .variable("after", after).execute();
    }

    private GraphQlTester.Response history(int first, String after) {
        return graphQl().document(HISTORY).variable("s", life.service()).variable("first", first)
                .variable("after", after).execute();
    }
}
