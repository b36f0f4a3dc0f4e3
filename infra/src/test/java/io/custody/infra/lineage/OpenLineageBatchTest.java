package io.custody.infra.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/lineage/batch}: many OpenLineage events in one request, each judged on its own, the
 * accepted ones stored together; a re-sent batch stores nothing twice.
 */
class OpenLineageBatchTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    String lake() {
        return "s3://batch-" + suffix;
    }

    String runEvent(String type, String runId, String time, String job, String output) {
        return """
                {"eventType": "%s", "eventTime": "%s", "producer": "https://example.com/scheduler",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow-%s", "name": "%s"},
                 "inputs": [{"namespace": "%s", "name": "raw/applications",
                             "facets": {"version": {"datasetVersion": "v3"}}}],
                 "outputs": [{"namespace": "%s", "name": "%s"}]}"""
                .formatted(type, time, runId, suffix, job, lake(), lake(), output);
    }

    JsonNode postBatch(String body, MediaType type) throws Exception {
        return postBatch("/api/v1/lineage/batch", body, type);
    }

    JsonNode postBatch(String path, String body, MediaType type) throws Exception {
        byte[] reply = http("airflow").mutate().responseTimeout(Duration.ofSeconds(60)).build().post()
                .uri(path).contentType(type)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return json.readTree(reply);
    }

    int storedEvents(String stream) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, stream);
    }

    List<String> statuses(JsonNode reply) {
        return reply.get("items").findValuesAsText("status");
    }

    @Test
    void a_batch_answers_each_event_and_a_resent_batch_is_never_stored_twice() throws Exception {
        String run = UUID.randomUUID().toString();
        String body = "[" + String.join(",",
                runEvent("START", run, "2026-01-15T09:00:00Z", "build_features", "features/applications"),
                runEvent("START", "run-42", "2026-01-15T09:00:00Z", "build_features", "features/other"),
                runEvent("COMPLETE", run, "2026-01-15T09:05:00Z", "build_features", "features/applications"),
                runEvent("START", run, "2026-01-15T09:00:00Z", "build_features", "features/applications")) + "]";

        // wait=true: the reply comes once the read models have the batch, so the query below sees it.
        JsonNode first = postBatch("/api/v1/lineage/batch?wait=true", body, MediaType.APPLICATION_JSON);
        assertThat(statuses(first)).containsExactly("ACCEPTED", "REJECTED", "ACCEPTED", "DUPLICATE");
        assertThat(first.get("accepted").asInt()).isEqualTo(2);
        assertThat(first.get("items").get(1).get("field").asText()).isEqualTo("$.run.runId");
        assertThat(first.get("items").get(1).get("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(first.get("items").get(3).get("reason").asText()).contains("item 0");
        assertThat(first.get("position").asLong()).isPositive();
        // START and COMPLETE, each with the lineage it reported.
        assertThat(storedEvents("jobrun:" + run)).isEqualTo(4);
        int before = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Integer.class);

        JsonNode again = postBatch(body, MediaType.APPLICATION_JSON);
        assertThat(statuses(again)).containsExactly("DUPLICATE", "REJECTED", "DUPLICATE", "DUPLICATE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Integer.class)).isEqualTo(before);

        // The run's output became a dataset version, once, produced by the run.
        graphQl().document("""
                        query($ds: String!, $v: String!) { datasetVersion(dataset: $ds, version: $v) {
                            producedByRun tags } }""")
                .variable("ds", lake() + "/features/applications").variable("v", "run-" + run).execute()
                .path("datasetVersion.producedByRun").entity(String.class).isEqualTo("jobRun:" + run);
    }

    /**
     * Batches are stored by concurrent transactions, each reading the heads of the streams it touches before
     * its commands run: two batches creating the same new runs at once collide on the streams' first
     * sequence number, and the one that loses is stored again on the streams as they then are.
     */
    @Test
    void concurrent_batches_reporting_the_same_new_runs_store_every_report_once() throws Exception {
        List<String> runs = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        List<String> completions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String run = UUID.randomUUID().toString();
            runs.add(run);
            starts.add(runEvent("START", run, "2026-01-15T09:00:00Z", "build_features", "features/f" + i));
            completions.add(runEvent("COMPLETE", run, "2026-01-15T09:05:00Z", "build_features", "features/f" + i));
        }
        List<String> bodies = List.of("[" + String.join(",", starts) + "]", "[" + String.join(",", completions) + "]",
                "[" + String.join(",", starts) + "]");
        var pool = Executors.newFixedThreadPool(bodies.size());
        try {
            List<Future<JsonNode>> replies = new ArrayList<>();
            for (String body : bodies) {
                replies.add(pool.submit(() -> postBatch(body, MediaType.APPLICATION_JSON)));
            }
            Map<String, Integer> statuses = new TreeMap<>();
            for (Future<JsonNode> reply : replies) {
                statuses(reply.get()).forEach(status -> statuses.merge(status, 1, Integer::sum));
            }
            // Each START and COMPLETE once; the second copy of each START is its duplicate.
            assertThat(statuses).isEqualTo(Map.of("ACCEPTED", 40, "DUPLICATE", 20));
        } finally {
            pool.shutdownNow();
        }
        for (String run : runs) {
            // START and COMPLETE, each with its lineage, at sequence numbers 0 to 3 without a gap.
            assertThat(jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? "
                    + "ORDER BY sequence_number", Long.class, "jobrun:" + run)).as("run %s", run)
                    .containsExactly(0L, 1L, 2L, 3L);
        }
    }

    @Test
    void an_event_its_run_refuses_is_rejected_alone_and_its_datasets_are_not_registered() throws Exception {
        String run = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        postBatch(runEvent("START", run, "2026-01-15T09:00:00Z", "build_features", "features/applications"),
                MediaType.parseMediaType("application/x-ndjson"));

        // NDJSON: the same run under another job is a conflict; the event beside it is stored all the same.
        String body = runEvent("COMPLETE", run, "2026-01-15T09:05:00Z", "another_job", "features/elsewhere")
                .replace("\n", " ") + "\n"
                + runEvent("COMPLETE", other, "2026-01-15T09:05:00Z", "score", "scores/applications")
                .replace("\n", " ") + "\n";
        JsonNode reply = postBatch(body, MediaType.parseMediaType("application/x-ndjson"));

        assertThat(statuses(reply)).containsExactly("REJECTED", "ACCEPTED");
        assertThat(reply.get("items").get(0).get("code").asText()).isEqualTo("CONFLICT");
        assertThat(reply.get("items").get(0).get("field").asText()).isEqualTo("$.job");
        assertThat(storedEvents("jobrun:" + run)).isEqualTo(2);
        assertThat(storedEvents("jobrun:" + other)).isEqualTo(2);
        assertThat(storedEvents("dataset:" + lake() + "/features/elsewhere")).isZero();
        assertThat(storedEvents("dataset:" + lake() + "/scores/applications")).isEqualTo(2);
    }

    @Test
    void a_run_event_schema_without_run_is_rejected_at_run_and_the_rest_is_stored() throws Exception {
        String run = UUID.randomUUID().toString();
        String noRun = """
                {"eventType": "START", "eventTime": "2026-01-15T09:00:00Z", "producer": "https://example.com/x",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "job": {"namespace": "airflow-%s", "name": "lost_run"}}""".formatted(suffix);
        JsonNode reply = postBatch("[" + noRun + "," + runEvent("START", run, "2026-01-15T09:00:00Z", "score",
                "scores/applications") + "]", MediaType.APPLICATION_JSON);

        assertThat(statuses(reply)).containsExactly("REJECTED", "ACCEPTED");
        assertThat(reply.get("items").get(0).get("field").asText()).isEqualTo("$.run");
        assertThat(storedEvents("job:airflow-" + suffix + "/lost_run")).isZero();
    }

    @Test
    void a_later_event_of_a_batch_reads_the_version_an_earlier_one_wrote() throws Exception {
        String producer = UUID.randomUUID().toString();
        String consumer = UUID.randomUUID().toString();
        // The consumer names its input without a version: it read the newest, the one the producer just wrote.
        String read = """
                {"eventType": "COMPLETE", "eventTime": "2026-01-15T10:00:00Z", "producer": "https://example.com/x",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow-%s", "name": "train"},
                 "inputs": [{"namespace": "%s", "name": "features/applications"}], "outputs": []}"""
                .formatted(consumer, suffix, lake());
        JsonNode reply = postBatch("[" + runEvent("COMPLETE", producer, "2026-01-15T09:05:00Z", "build_features",
                "features/applications") + "," + read + "]", MediaType.APPLICATION_JSON);

        assertThat(statuses(reply)).containsExactly("ACCEPTED", "ACCEPTED");
        assertThat(jdbc.queryForList("SELECT from_node FROM cs_lineage_edge WHERE to_node = ?", String.class,
                "jobRun:" + consumer)).containsExactly(
                "datasetVersion:" + lake() + "/features/applications@run-" + producer);
    }
}
