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
import java.util.Map;
import java.util.UUID;

import static io.custody.infra.support.GraphQlErrorsAssert.oneError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenLineage ingest appends the events it planned without loading their aggregates: they are stored as
 * the aggregates would have stored them (aggregate type, sequence, the command path's metadata), and an
 * aggregate cached before such an append is not used after it.
 */
class OpenLineageStoredEventsTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String lake = "s3://stored-" + suffix;

    String runEvent(String runId, String output) {
        return """
                {"eventType": "COMPLETE", "eventTime": "2026-01-15T09:05:00Z", "producer": "https://example.com/x",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow-%s", "name": "score"},
                 "outputs": [{"namespace": "%s", "name": "%s"}]}""".formatted(runId, suffix, lake, output);
    }

    JsonNode postBatch(String body) throws Exception {
        byte[] reply = http("airflow").mutate().responseTimeout(Duration.ofSeconds(60)).build().post()
                .uri("/api/v1/lineage/batch").contentType(MediaType.APPLICATION_JSON)
                .header("X-Correlation-Id", "corr-" + suffix).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return json.readTree(reply);
    }

    List<Map<String, Object>> stored(String stream) {
        return jdbc.queryForList("""
                SELECT type, sequence_number, payload_type, convert_from(meta_data, 'UTF8')::jsonb::text AS meta
                FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""", stream);
    }

    JsonNode meta(Map<String, Object> row) throws Exception {
        return json.readTree((String) row.get("meta"));
    }

    @Test
    void planned_events_carry_their_aggregate_type_sequence_and_the_command_paths_metadata() throws Exception {
        String run = UUID.randomUUID().toString();
        JsonNode reply = postBatch("[" + runEvent(run, "scores") + "]");
        assertThat(reply.get("items").get(0).get("status").asText()).isEqualTo("ACCEPTED");

        List<Map<String, Object>> dataset = stored("dataset:" + lake + "/scores");
        List<Map<String, Object>> jobRun = stored("jobrun:" + run);
        assertThat(dataset).extracting(r -> r.get("type"), r -> r.get("sequence_number"), r -> r.get("payload_type"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Dataset", 0L, "io.custody.events.dataset.DatasetRegistered"),
                        org.assertj.core.groups.Tuple.tuple("Dataset", 1L,
                                "io.custody.events.dataset.DatasetVersionRegistered"));
        assertThat(jobRun).extracting(r -> r.get("type"), r -> r.get("sequence_number"), r -> r.get("payload_type"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("JobRun", 0L, "io.custody.events.lineage.JobRunCompleted"),
                        org.assertj.core.groups.Tuple.tuple("JobRun", 1L, "io.custody.events.lineage.LineageRecorded"));

        JsonNode registration = meta(dataset.get(0));
        JsonNode version = meta(dataset.get(1));
        JsonNode report = meta(jobRun.get(0));
        JsonNode lineage = meta(jobRun.get(1));
        for (JsonNode m : List.of(registration, version, report, lineage)) {
            assertThat(m.get("actor").asText()).isEqualTo("airflow");
            assertThat(m.get("correlationId").asText()).isEqualTo("corr-" + suffix);
            assertThat(m.get("eventTime").asText()).isEqualTo("2026-01-15T09:05:00Z");
            assertThat(m.get("sourceSystem").asText()).isNotBlank();
        }
        // One command each on the command path: a registration's events, and the report's, share their cause.
        assertThat(report.get("causationId")).isEqualTo(lineage.get("causationId"));
        assertThat(registration.get("causationId")).isNotEqualTo(version.get("causationId"))
                .isNotEqualTo(report.get("causationId"));
        assertThat(report.get("clientEventId").asText()).isEqualTo("openlineage:" + run + ":COMPLETE:"
                + "2026-01-15T09:05:00Z");
        assertThat(registration.has("clientEventId")).isFalse();
        assertThat(jdbc.queryForMap("SELECT job_namespace, job_name, ending FROM cs_job_run WHERE run = ?", run))
                .containsEntry("job_namespace", "airflow-" + suffix).containsEntry("job_name", "score")
                .containsEntry("ending", "COMPLETE");
    }

    @Test
    void a_dataset_cached_before_an_openlineage_append_is_judged_with_what_it_appended() throws Exception {
        String name = lake + "/features";
        graphQl().document("mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { dataset { name } } }")
                .variable("i", Map.of("name", name, "owner", "risk-data", "description", "cached"))
                .execute().path("registerDataset.dataset.name").entity(String.class).isEqualTo(name);
        registerVersion(name, "v1", "1").path("registerDatasetVersion.datasetVersion.version")
                .entity(String.class).isEqualTo("v1");

        String run = UUID.randomUUID().toString();
        JsonNode reply = postBatch("[" + runEvent(run, "features") + "]");
        assertThat(reply.get("items").get(0).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(stored("dataset:" + name)).hasSize(3);

        // The aggregate cached at v1 is stale now: the version the run produced is known to the next command.
        registerVersion(name, "run-" + run, "2").errors()
                .satisfy(oneError("CONFLICT", "input.digest", "is already registered with digest"));
    }

    org.springframework.graphql.test.tester.GraphQlTester.Response registerVersion(String name, String version,
                                                                                   String digit) {
        return graphQl().document("mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) "
                        + "{ datasetVersion { version } } }")
                .variable("i", Map.of("dataset", name, "version", version, "digest", "sha256:" + digit.repeat(64),
                        "location", "s3://lake/" + version, "rowCount", 10, "schema", List.of()))
                .execute();
    }
}
