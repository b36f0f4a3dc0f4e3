package io.custody.infra.timetravel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The temporal read models and the audit trail are replay-safe: a replay from the first event adds nothing. */
class TemporalReplayTest extends IntegrationTest {

    static final List<String> PROCESSORS = List.of("dataset-read-model", "run-read-model", "model-read-model",
            "deployment-read-model", "audit-trail");
    static final List<String> TABLES = List.of("rm_dataset_history", "rm_dataset_version_history", "rm_run_history",
            "rm_run_metric_latest_history", "rm_run_metric_log", "rm_run_artifact", "rm_model_history",
            "rm_model_version_history", "rm_model_alias_history", "rm_deployment", "rm_deployment_history",
            "rm_deployment_interval", "rm_audit_trail");

    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void replaying_the_temporal_read_models_and_the_audit_trail_from_the_start_changes_no_row() {
        Lifecycle life = new Lifecycle(this::http, json);
        life.train(2);
        life.send("pipeline", List.of(
                life.item("SetAlias", null, Map.of("model", life.model(), "alias", "champion", "version", 1)),
                life.item("SetAlias", null, Map.of("model", life.model(), "alias", "champion", "version", 2)),
                life.item("RemoveAlias", null, Map.of("model", life.model(), "alias", "champion")),
                life.item("StartRun", null, Map.of("run", life.run(3), "code", Map.of("repository",
                                "https://git.example.com/risk/credit", "commit", Lifecycle.COMMIT),
                        "inputs", List.of(Map.of("dataset", life.dataset(), "version", "v3")))),
                life.item("LogMetrics", null, Map.of("run", life.run(3), "metrics", List.of(
                        Map.of("name", "auc", "value", 0.7, "step", 1), Map.of("name", "loss", "value", 0.5, "step", 1)))),
                life.item("LogMetrics", null, Map.of("run", life.run(3), "metrics", List.of(
                        Map.of("name", "auc", "value", 0.8, "step", 2)))),
                life.item("LogArtifact", null, Map.of("run", life.run(3), "name", "model", "uri", "s3://m/3",
                        "digest", "sha256:" + "3".repeat(64))),
                life.item("FailRun", null, Map.of("run", life.run(3), "reason", "out of memory"))));
        life.deploy(1, null);
        life.deploy(2, null);
        life.rollBack(1, "latency");
        life.send("pipeline", List.of(
                life.item("ArchiveModelVersion", null, Map.of("model", life.model(), "version", 2, "reason", "bad")),
                life.item("QuarantineDatasetVersion", null, Map.of("dataset", life.dataset(), "version", "v3",
                        "reason", "leak")),
                life.item("DeprecateDataset", null, Map.of("name", life.dataset(), "reason", "replaced"))));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_run_metric_latest_history WHERE run = ?", Integer.class,
                life.run(3))).as("auc twice, loss once").isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_model_alias_history WHERE model = ?", Integer.class,
                life.model())).as("set, moved, removed").isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_dataset_version_history WHERE dataset = ? "
                + "AND valid_to_position IS NULL", Integer.class, life.dataset())).isEqualTo(1);
        Map<String, String> before = snapshot();

        for (String name : PROCESSORS) {
            StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                    .orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
        long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        await("the replay reached position " + head).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> PROCESSORS.stream().allMatch(name -> replayedTo(name, head)));
        assertThat(snapshot()).isEqualTo(before);
    }

    boolean replayedTo(String name, long head) {
        Map<Integer, EventTrackerStatus> status = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow().processingStatus();
        return !status.isEmpty() && status.values().stream().allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
    }

    /** Row count and a digest of every row's content, per table. */
    Map<String, String> snapshot() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            out.put(table, jdbc.queryForObject("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "
                    + "ORDER BY t::text)), '') FROM " + table + " t", String.class));
        }
        return out;
    }
}
