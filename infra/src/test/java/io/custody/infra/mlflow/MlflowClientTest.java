package io.custody.infra.mlflow;

import io.custody.infra.support.IntegrationTest;
import io.custody.values.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real MLflow Java client (org.mlflow:mlflow-client 2.17.2) against the running server, with a bearer token as
 * MLFLOW_TRACKING_TOKEN gives it; then the same facts read back through Custody's GraphQL. Calls the Java client
 * has no method for (log-inputs, the registry's writes) go through its own sendPost, as MLflow's docs advise.
 */
class MlflowClientTest extends IntegrationTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String REPOSITORY = "https://git.example.com/risk/credit.git";
    private static final String DIGEST = "sha256:" + "5e".repeat(32);
    private static final String MLFLOW = "/api/2.0/mlflow/";

    private MlflowClient client;
    private String suffix;

    @BeforeEach
    void setUp() {
        client = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port,
                bearer("mlflow-dana", Role.DATA_SCIENTIST)));
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void a_tracked_run_and_its_registered_model_read_back_the_same_through_mlflow_and_graphql() {
        String experiment = client.createExperiment("credit-risk-" + suffix);
        assertThat(client.getExperimentByName("credit-risk-" + suffix)).get()
                .satisfies(e -> assertThat(e.getExperimentId()).isEqualTo(experiment));
        RunInfo created = client.createRun(experiment);
        String run = created.getRunId();
        assertThat(created.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(created.getUserId()).isEqualTo("mlflow-dana");

        client.logParam(run, "max_depth", "6");
        client.logMetric(run, "auc", 0.78, 1_700_000_000_000L, 1);
        client.logMetric(run, "auc", 0.83, 1_700_000_001_000L, 2);
        client.logBatch(run,
                IntStream.range(0, 5).mapToObj(step -> Metric.newBuilder().setKey("loss").setValue(1.0 / (step + 1))
                        .setTimestamp(1_700_000_000_000L + step).setStep(step).build()).toList(),
                List.of(Param.newBuilder().setKey("learning_rate").setValue("0.1").build()),
                List.of(RunTag.newBuilder().setKey("team").setValue("risk").build()));
        client.sendPost("runs/log-inputs", """
                {"run_id": "%s", "datasets": [{"tags": [{"key": "mlflow.data.context", "value": "training"},
                  {"key": "custody.owner", "value": "risk-data"}],
                  "dataset": {"name": "lending/applications-%s", "digest": "%s", "source_type": "s3",
                              "source": "{\\"uri\\": \\"s3://lake/lending/applications\\"}"}}]}"""
                .formatted(run, suffix, DIGEST));
        client.setTag(run, "mlflow.source.git.commit", COMMIT);
        client.setTag(run, "mlflow.source.name", REPOSITORY);
        client.setTerminated(run, RunStatus.FINISHED);

        Run read = client.getRun(run);
        assertThat(read.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(read.getData().getParamsList()).extracting(Param::getKey, Param::getValue)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("max_depth", "6"),
                        org.assertj.core.groups.Tuple.tuple("learning_rate", "0.1"));
        assertThat(read.getData().getMetricsList()).extracting(Metric::getKey, Metric::getValue, Metric::getStep)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("auc", 0.83, 2L),
                        org.assertj.core.groups.Tuple.tuple("loss", 0.2, 4L));
        assertThat(read.getData().getTagsList()).extracting(RunTag::getKey).contains("team",
                "mlflow.source.git.commit", "mlflow.source.name");
        assertThat(read.getInputs().getDatasetInputsList()).singleElement()
                .satisfies(input -> assertThat(input.getDataset().getDigest()).isEqualTo(DIGEST));
        assertThat(client.getMetricHistory(run, "auc")).extracting(Metric::getValue).containsExactly(0.78, 0.83);

        String model = "credit-risk-" + suffix;
        client.sendPost("registered-models/create", """
                {"name": "%s", "description": "credit risk", "tags": [{"key": "custody.owner", "value": "risk-team"},
                 {"key": "custody.risk_tier", "value": "HIGH"}, {"key": "custody.domain", "value": "lending"}]}"""
                .formatted(model));
        client.sendPost("model-versions/create", """
                {"name": "%s", "source": "s3://models/%s/model", "run_id": "%s",
                 "tags": [{"key": "custody.artifact_digest", "value": "%s"}]}""".formatted(model, run, run, DIGEST));
        client.sendPost("registered-models/alias", """
                {"name": "%s", "alias": "champion", "version": "1"}""".formatted(model));
        client.sendPost("model-versions/transition-stage", """
                {"name": "%s", "version": "1", "stage": "Staging"}""".formatted(model));

        ModelVersion version = client.getModelVersion(model, "1");
        assertThat(version.getRunId()).isEqualTo(run);
        assertThat(version.getCurrentStage()).isEqualTo("Staging");
        assertThat(version.getAliasesList()).containsExactly("champion", "staging");
        assertThat(client.getLatestVersions(model, List.of("Staging"))).extracting(ModelVersion::getVersion)
                .containsExactly("1");
        assertThat(client.getModelVersionDownloadUri(model, "1")).isEqualTo("s3://models/" + run + "/model");

        graphQl().document("""
                query($run: String!, $model: String!) {
                  run(id: $run) { status code { repository commit dirty } inputs { dataset digest } hyperparameters }
                  modelVersion(model: $model, version: 1) { runId artifactDigest aliases }
                  model(name: $model) { riskTier aliasHistory { alias version changedBy } } }""")
                .variable("run", run).variable("model", model).execute()
                .path("run.status").entity(String.class).isEqualTo("COMPLETED")
                .path("run.code.commit").entity(String.class).isEqualTo(COMMIT)
                .path("run.code.repository").entity(String.class).isEqualTo(REPOSITORY)
                .path("run.code.dirty").entity(Boolean.class).isEqualTo(false)
                .path("run.inputs[0].dataset").entity(String.class).isEqualTo("lending/applications-" + suffix)
                .path("run.inputs[0].digest").entity(String.class).isEqualTo(DIGEST)
                .path("run.hyperparameters.max_depth").entity(String.class).isEqualTo("6")
                .path("run.hyperparameters.learning_rate").entity(String.class).isEqualTo("0.1")
                .path("modelVersion.runId").entity(String.class).isEqualTo(run)
                .path("modelVersion.artifactDigest").entity(String.class).isEqualTo(DIGEST)
                .path("modelVersion.aliases").entityList(String.class).hasSize(2).contains("champion", "staging")
                .path("model.riskTier").entity(String.class).isEqualTo("HIGH")
                .path("model.aliasHistory[*].alias").entityList(String.class).containsExactly("champion", "staging")
                .path("model.aliasHistory[*].changedBy").entityList(String.class)
                .containsExactly("mlflow-dana", "mlflow-dana");
    }

    @Test
    void a_run_without_a_git_commit_tag_is_recorded_without_code_and_fails_the_clean_commit_gate() {
        String experiment = client.createExperiment("no-commit-" + suffix);
        String run = client.createRun(experiment).getRunId();
        client.setTag(run, "mlflow.source.name", "train.py");
        client.setTerminated(run, RunStatus.FINISHED);
        String model = "no-commit-" + suffix;
        registerLowTierVersion(model, run);
        graphQl().document("""
                query($run: String!, $model: String!) {
                  run(id: $run) { code { commit } }
                  evaluatePolicy(model: $model, version: 1, environment: "production") {
                    rules { rule outcome } } }""")
                .variable("run", run).variable("model", model).execute()
                .path("run.code").valueIsNull()
                .path("evaluatePolicy.rules[?(@.rule =~ /.*cleanCommit/)].outcome").entityList(String.class)
                .containsExactly("REFUSED");
    }

    @Test
    void search_filters_orders_and_pages_as_the_same_runs_read_over_graphql() {
        String experiment = client.createExperiment("search-" + suffix);
        for (int i = 0; i < 7; i++) {
            String run = client.createRun(experiment).getRunId();
            client.logBatch(run, List.of(Metric.newBuilder().setKey("auc").setValue(0.5 + i * 0.05)
                            .setTimestamp(1_700_000_000_000L).setStep(0).build()),
                    List.of(Param.newBuilder().setKey("depth").setValue(String.valueOf(i % 2 == 0 ? 3 : 5)).build()),
                    List.of());
        }
        String filter = "metrics.auc > 0.55 AND params.depth = '3'";
        List<String> paged = new ArrayList<>();
        RunsPage page = client.searchRuns(List.of(experiment), filter, ViewType.ACTIVE_ONLY, 2,
                List.of("metrics.auc DESC"));
        paged.addAll(page.getItems().stream().map(r -> r.getInfo().getRunId()).toList());
        while (page.hasNextPage()) {
            page = (RunsPage) page.getNextPage();
            paged.addAll(page.getItems().stream().map(r -> r.getInfo().getRunId()).toList());
        }

        List<Map<String, Object>> runs = graphQl().document("""
                query($e: String!) { runs(experiment: $e, first: 100) {
                  nodes { id hyperparameters metrics { name value } } } }""")
                .variable("e", experiment).execute().path("runs.nodes").entityList(Map.class).get()
                .stream().map(r -> (Map<String, Object>) r).toList();
        List<String> expected = runs.stream()
                .filter(r -> "3".equals(((Map<?, ?>) r.get("hyperparameters")).get("depth")))
                .filter(r -> auc(r) > 0.55)
                .sorted(Comparator.comparingDouble(MlflowClientTest::auc).reversed())
                .map(r -> (String) r.get("id")).collect(Collectors.toList());
        assertThat(runs).hasSize(7);
        assertThat(expected).hasSize(3);
        assertThat(paged).containsExactlyElementsOf(expected);
    }

    private static double auc(Map<String, Object> run) {
        return ((List<?>) run.get("metrics")).stream().map(m -> (Map<?, ?>) m).filter(m -> "auc".equals(m.get("name")))
                .mapToDouble(m -> ((Number) m.get("value")).doubleValue()).findFirst().orElseThrow();
    }

    @Test
    void each_mlflow_error_code_answers_a_real_request() {
        String experiment = client.createExperiment("errors-" + suffix);
        assertThatThrownBy(() -> client.createExperiment("errors-" + suffix))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("\"error_code\":\"RESOURCE_ALREADY_EXISTS\"");
                });
        assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getBodyMessage()).contains("\"error_code\":\"RESOURCE_DOES_NOT_EXIST\"");
                });
        String run = client.createRun(experiment).getRunId();
        List<Metric> tooMany = IntStream.range(0, 1001).mapToObj(i -> Metric.newBuilder().setKey("m")
                .setValue(i).setTimestamp(1L).setStep(i).build()).toList();
        assertThatThrownBy(() -> client.logBatch(run, tooMany, List.of(), List.of()))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("\"error_code\":\"INVALID_PARAMETER_VALUE\"")
                            .contains("at most 1000 metrics");
                });
        assertThatThrownBy(() -> client.logParam(run, "k".repeat(251), "v"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("INVALID_PARAMETER_VALUE").contains("exceeded length limit of 250"));
        assertThatThrownBy(() -> client.searchRuns(List.of(experiment), "metrics.auc >> 1"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("INVALID_PARAMETER_VALUE").contains("cannot parse"));
        client.logParam(run, "depth", "3");
        assertThatThrownBy(() -> client.logParam(run, "depth", "4"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("INVALID_PARAMETER_VALUE").contains("cannot be changed"));
        // Nothing of the refused batch was stored.
        assertThat(client.getMetricHistory(run, "m")).isEmpty();
    }

    @Test
    void deleted_experiments_and_runs_are_tombstoned_and_restored() {
        String experiment = client.createExperiment("tomb-" + suffix);
        String run = client.createRun(experiment).getRunId();
        client.deleteRun(run);
        assertThat(client.getRun(run).getInfo().getLifecycleStage()).isEqualTo("deleted");
        assertThat(client.searchRuns(List.of(experiment), "")).isEmpty();
        assertThat(client.searchRuns(List.of(experiment), "", ViewType.DELETED_ONLY)).hasSize(1);
        client.restoreRun(run);
        assertThat(client.searchRuns(List.of(experiment), "")).hasSize(1);
        client.deleteExperiment(experiment);
        assertThat(client.getExperiment(experiment).getLifecycleStage()).isEqualTo("deleted");
        assertThatThrownBy(() -> client.createRun(experiment)).isInstanceOf(MlflowHttpException.class);
        client.restoreExperiment(experiment);
        client.renameExperiment(experiment, "tomb-renamed-" + suffix);
        assertThat(client.getExperiment(experiment).getName()).isEqualTo("tomb-renamed-" + suffix);
    }

    @Test
    void a_deleted_registered_model_is_a_tombstone_whose_name_and_history_stay() {
        String experiment = client.createExperiment("retired-" + suffix);
        String run = client.createRun(experiment).getRunId();
        client.setTerminated(run, RunStatus.FINISHED);
        String model = "retired-" + suffix;
        registerLowTierVersion(model, run);
        client.sendPost("registered-models/alias", """
                {"name": "%s", "alias": "champion", "version": "1"}""".formatted(model));
        // The Java client has no DELETE; MLflow's Python client sends this request.
        WebTestClient dana = httpWith(bearer("mlflow-dana", Role.DATA_SCIENTIST));
        dana.delete().uri(MLFLOW + "registered-models/delete?name=" + model).exchange().expectStatus().isOk();

        assertThatThrownBy(() -> client.getRegisteredModel(model)).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getBodyMessage()).contains("\"error_code\":\"RESOURCE_DOES_NOT_EXIST\""));
        assertThatThrownBy(() -> client.getLatestVersions(model)).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST"));
        assertThat(client.sendGet("registered-models/search?filter=" + URLEncoder.encode("name LIKE 'retired-%'",
                StandardCharsets.UTF_8))).doesNotContain(model);
        assertThat(client.searchModelVersions("name = '" + model + "'").getItems()).isEmpty();
        dana.delete().uri(MLFLOW + "registered-models/delete?name=" + model).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error_code").isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThatThrownBy(() -> registerLowTierModel(model))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("\"error_code\":\"RESOURCE_ALREADY_EXISTS\"").contains("deleted"));

        graphQl().document("""
                query($model: String!) {
                  model(name: $model) { deletedAt deletedBy versionCount aliasHistory { alias } }
                  modelVersion(model: $model, version: 1) { runId } }""")
                .variable("model", model).execute()
                .path("model.deletedAt").hasValue()
                .path("model.deletedBy").entity(String.class).isEqualTo("mlflow-dana")
                .path("model.versionCount").entity(Integer.class).isEqualTo(1)
                .path("model.aliasHistory[*].alias").entityList(String.class).containsExactly("champion")
                .path("modelVersion.runId").entity(String.class).isEqualTo(run);
    }

    private void registerLowTierModel(String model) {
        client.sendPost("registered-models/create", """
                {"name": "%s", "tags": [{"key": "custody.owner", "value": "risk-team"},
                 {"key": "custody.risk_tier", "value": "LOW"}]}""".formatted(model));
    }

    /** Registers {@code model} (risk tier LOW) and its version 1 from the run. */
    private void registerLowTierVersion(String model, String run) {
        registerLowTierModel(model);
        client.sendPost("model-versions/create", """
                {"name": "%s", "source": "s3://models/x", "run_id": "%s",
                 "tags": [{"key": "custody.artifact_digest", "value": "%s"}]}""".formatted(model, run, DIGEST));
    }
}
