package io.custody.infra.mlflow;

import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowHttpException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a fresh MLflow server has and what MLflow clients send unasked, through the real client and real requests:
 * the default experiment 0 and the short dataset digests of MLflow's pandas and numpy datasets.
 */
class MlflowDefaultsTest extends MlflowCallerTest {


    @Autowired
    private List<ApplicationRunner> runners;

    @Test
    void the_default_experiment_0_exists_once_and_takes_runs_created_without_an_experiment() throws Exception {
        Experiment experiment = client.getExperiment("0");
        assertThat(experiment.getName()).isEqualTo("Default");
        assertThat(experiment.getLifecycleStage()).isEqualTo("active");
        // The Java client's createRun() sends experiment 0; MLflow's server also takes a run with none.
        String run = client.createRun().getRunId();
        assertThat(client.getRun(run).getInfo().getExperimentId()).isEqualTo("0");
        String body = dana.post().uri(MLFLOW + "runs/create").bodyValue("{}").header("Content-Type", "application/json")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("\"experiment_id\":\"0\"");

        // A restart runs the start-up again: experiment 0 is found and nothing more is recorded.
        for (ApplicationRunner runner : runners) {
            runner.run(new DefaultApplicationArguments());
        }
        graphQl().document("""
                { history(stream: "experiment:0") { type actor } }""").execute()
                .path("history[*].type").entityList(String.class).containsExactly("ExperimentCreated")
                .path("history[0].actor").entity(String.class).isEqualTo("custody:mlflow");
    }

    @Test
    void an_mlflow_dataset_digest_of_8_hex_digits_is_recorded_as_given_with_its_kind() {
        String experiment = client.createExperiment("digests-" + suffix);
        String run = client.createRun(experiment).getRunId();
        // What mlflow.data.from_pandas(df) logs: an 8-hex digest of a sample, the source as JSON.
        String inputs = """
                {"run_id": "%s", "datasets": [{"tags": [{"key": "mlflow.data.context", "value": "training"},
                  {"key": "custody.owner", "value": "risk-data"}],
                  "dataset": {"name": "applications-%s", "digest": "3f2a9c1e", "source_type": "local",
                              "source": "{\\"uri\\": \\"file:///data/applications.csv\\"}",
                              "schema": "{\\"mlflow_colspec\\": []}", "profile": "{\\"num_rows\\": 100}"}}]}"""
                .formatted(run, suffix);
        client.sendPost("runs/log-inputs", inputs);
        client.sendPost("runs/log-inputs", inputs);
        assertThat(client.getRun(run).getInputs().getDatasetInputsList()).singleElement()
                .satisfies(input -> assertThat(input.getDataset().getDigest()).isEqualTo("3f2a9c1e"));
        client.setTerminated(run, RunStatus.FINISHED);

        graphQl().document("""
                query($run: String!, $dataset: String!) {
                  run(id: $run) { inputs { dataset version digest } }
                  dataset(name: $dataset) { versions(first: 10) { nodes { version digest } } } }""")
                .variable("run", run).variable("dataset", "mlflow/applications-" + suffix).execute()
                .path("run.inputs[0].dataset").entity(String.class).isEqualTo("mlflow/applications-" + suffix)
                .path("run.inputs[0].version").entity(String.class).isEqualTo("mlflow:3f2a9c1e")
                .path("run.inputs[0].digest").entity(String.class).isEqualTo("mlflow:3f2a9c1e")
                .path("dataset.versions.nodes[*].version").entityList(String.class).containsExactly("mlflow:3f2a9c1e");

        assertThatThrownBy(() -> client.sendPost("runs/log-inputs", """
                {"run_id": "%s", "datasets": [{"dataset": {"name": "x-%s", "digest": "not a digest",
                 "source_type": "local", "source": "/x"}}]}""".formatted(client.createRun(experiment).getRunId(), suffix)))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("INVALID_PARAMETER_VALUE").contains("dataset.digest"));
    }
}
