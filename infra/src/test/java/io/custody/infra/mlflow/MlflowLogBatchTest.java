package io.custody.infra.mlflow;

import io.custody.infra.axon.ProcessorBarrier;
import io.custody.infra.support.IntegrationTest;
import io.custody.meta.Streams;
import io.custody.values.Role;
import io.custody.values.RunId;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A training loop's log-batch of MLflow's largest size, through the real MLflow client: it answers once stored,
 * and a read of run data waits until the MLflow read model applied it, so the next read sees every observation,
 * whoever sends it; GraphQL's run read model follows and then answers the same observations.
 */
class MlflowLogBatchTest extends IntegrationTest {

    @Autowired
    ProcessorBarrier barrier;

    @Test
    void a_batch_of_1000_metrics_reads_back_at_once_over_mlflow_and_the_same_over_graphql() {
        MlflowClient client = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port,
                bearer("mlflow-lee", Role.DATA_SCIENTIST)));
        String experiment = client.createExperiment("batch-" + UUID.randomUUID().toString().substring(0, 8));
        String run = client.createRun(experiment).getRunId();
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // 50 metrics at 20 steps; m7's latest step logged early (33, fourth of its 20), m48 logged 21 times.
            int step = i / 50 + (i % 50 == 7 && i / 50 == 3 ? 30 : 0);
            metrics.add(Metric.newBuilder().setKey(i == 999 ? "m48" : "m" + (i % 50)).setValue(i * 0.5 - 100)
                    .setTimestamp(1_700_000_000_000L + i * 7L).setStep(step).build());
        }
        client.logBatch(run, metrics, List.of(), List.of());

        // Read straight after the answer, with no wait of the reader's own.
        List<Metric> history = client.getMetricHistory(run, "m7");
        assertThat(history).extracting(Metric::getValue)
                .containsExactlyElementsOf(metrics.stream().filter(m -> m.getKey().equals("m7"))
                        .map(Metric::getValue).toList());
        assertThat(client.getMetricHistory(run, "m48")).hasSize(21);
        Run read = client.getRun(run);
        assertThat(read.getData().getMetricsList()).hasSize(50)
                .filteredOn(m -> m.getKey().equals("m7")).singleElement()
                .satisfies(m -> assertThat(m.getStep()).isEqualTo(33));

        // GraphQL's read model is not waited for by an MLflow log; once it applied the batch it answers the same.
        long head = barrier.headOf(Streams.run(RunId.of(run)));
        barrier.await(head);
        assertThat(barrier.caughtUp(head)).as("every projection reached position %d", head).isTrue();
        var answer = graphQl().document("""
                        query($id: String!) {
                          run(id: $id) { metricHistory(name: "m7") { totalCount nodes { value step timestamp } } }
                        }""").variable("id", run).execute();
        answer.path("run.metricHistory.totalCount").entity(Integer.class).isEqualTo(history.size());
        answer.path("run.metricHistory.nodes[*].value").entityList(Double.class)
                .containsExactly(history.stream().map(Metric::getValue).toArray(Double[]::new));
        answer.path("run.metricHistory.nodes[*].step").entityList(Long.class)
                .containsExactly(history.stream().map(Metric::getStep).toArray(Long[]::new));
        assertThat(answer.path("run.metricHistory.nodes[*].timestamp").entityList(String.class).get())
                .extracting(time -> OffsetDateTime.parse(time).toInstant().toEpochMilli())
                .containsExactlyElementsOf(history.stream().map(Metric::getTimestamp).toList());
    }

    @Test
    void another_client_reading_right_after_a_log_batch_was_answered_sees_all_of_it() {
        MlflowClient logger = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port,
                bearer("mlflow-ana", Role.DATA_SCIENTIST)));
        MlflowClient reader = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port,
                bearer("mlflow-viewer", Role.VIEWER)));
        String experiment = logger.createExperiment("reader-" + UUID.randomUUID().toString().substring(0, 8));
        String run = logger.createRun(experiment).getRunId();
        for (int batch = 0; batch < 5; batch++) {
            List<Metric> metrics = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                metrics.add(Metric.newBuilder().setKey("k" + (i % 10)).setValue(i).setTimestamp(1_700_000_000_000L)
                        .setStep(batch * 100L + i / 10).build());
            }
            logger.logBatch(run, metrics, List.of(), List.of());

            assertThat(reader.getMetricHistory(run, "k3")).as("after batch %d", batch).hasSize(100 * (batch + 1));
            long lastStep = 100L * batch + 99;
            assertThat(reader.getRun(run).getData().getMetricsList()).filteredOn(m -> m.getKey().equals("k3"))
                    .singleElement().satisfies(m -> assertThat(m.getStep()).isEqualTo(lastStep));
        }
    }

    @Test
    void a_wait_for_a_read_model_that_does_not_exist_is_refused_rather_than_skipped() {
        assertThatThrownBy(() -> barrier.await(1, Set.of("no-such-read-model")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-read-model");
    }
}
