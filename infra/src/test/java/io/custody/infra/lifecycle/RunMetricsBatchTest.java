package io.custody.infra.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import io.custody.infra.timetravel.Lifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

/** A training loop logs a batch of metrics; the run read model keeps every observation and the newest of each. */
class RunMetricsBatchTest extends IntegrationTest {

    @Autowired
    ObjectMapper json;

    @Test
    void one_batch_may_log_a_metric_at_several_steps() {
        Lifecycle life = new Lifecycle(this::http, json);
        life.registerData();
        String run = life.run(1);
        life.send("pipeline", List.of(
                life.item("StartRun", null, Map.of("run", run, "code", Map.of("repository",
                                "https://git.example.com/risk/credit", "commit", Lifecycle.COMMIT, "dirty", false),
                        "inputs", List.of(Map.of("dataset", life.dataset(), "version", "v3")))),
                life.item("LogMetrics", null, Map.of("run", run, "metrics", List.of(
                        Map.of("name", "auc", "value", 0.70, "step", 1), Map.of("name", "loss", "value", 0.9, "step", 1),
                        Map.of("name", "auc", "value", 0.81, "step", 3), Map.of("name", "auc", "value", 0.78, "step", 2)))),
                life.item("CompleteRun", null, Map.of("run", run))));

        graphQl().document("""
                        query($id: String!) {
                          run(id: $id) { status metrics { name value step } metricHistory { totalCount nodes { value } } }
                        }""").variable("id", run).execute()
                .path("run.status").entity(String.class).isEqualTo("COMPLETED")
                .path("run.metrics[*].name").entityList(String.class).containsExactly("auc", "loss")
                .path("run.metrics[*].value").entityList(Double.class).containsExactly(0.81, 0.9)
                .path("run.metricHistory.totalCount").entity(Integer.class).isEqualTo(4)
                .path("run.metricHistory.nodes[*].value").entityList(Double.class).containsExactly(0.70, 0.9, 0.81, 0.78);
    }
}
