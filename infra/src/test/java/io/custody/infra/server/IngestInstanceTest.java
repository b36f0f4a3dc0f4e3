package io.custody.infra.server;

import io.custody.infra.support.FreshServer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static io.custody.infra.support.GraphQlErrorsAssert.oneError;

/**
 * {@code custody.processing.enabled=false}: the scale-out split of operations.md. An ingest instance takes
 * OpenLineage events and mutations but projects nothing; a projecting instance on the same store builds the
 * read models both answer from, and a mutation on the ingest instance still reads its own writes, through
 * the projecting instance's committed tokens.
 */
class IngestInstanceTest {

    @AutoClose
    private static final FreshServer ingest = FreshServer.start(Map.of("custody.processing.enabled", "false"));

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void an_ingest_instance_refuses_to_rebuild_a_read_model_it_does_not_project() {
        ingest.graphQl().document("mutation { rebuildReadModel(name: \"lineage-read-model\") { id } }").execute()
                .errors().satisfy(oneError("CONFLICT", "name", "custody.processing.enabled=false"));
        assertThat(ingest.bean(EventProcessingConfiguration.class).eventProcessors().values())
                .filteredOn(StreamingEventProcessor.class::isInstance)
                .allSatisfy(p -> assertThat(((StreamingEventProcessor) p).isRunning()).as(p.getName()).isFalse());
    }

    @Test
    void an_ingest_instance_stores_events_and_a_projecting_instance_builds_the_read_models() {
        String run = UUID.randomUUID().toString();
        String dataset = "s3://ingest-" + suffix + "/features";
        String event = """
                {"eventType": "COMPLETE", "eventTime": "2026-01-15T09:05:00Z", "producer": "https://example.com/x",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow-%s", "name": "build"},
                 "inputs": [], "outputs": [{"namespace": "s3://ingest-%s", "name": "features"}]}"""
                .formatted(run, suffix, suffix);
        ingest.http("airflow").post().uri("/api/v1/lineage?wait=false").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(event).exchange().expectStatus().isCreated();

        assertThat(ingest.bean(EventProcessingConfiguration.class).eventProcessors().values())
                .filteredOn(StreamingEventProcessor.class::isInstance).isNotEmpty()
                .allSatisfy(p -> assertThat(((StreamingEventProcessor) p).isRunning()).as(p.getName()).isFalse());
        assertThat(ingest.jdbc().queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Integer.class, "jobrun:" + run))
                .isEqualTo(2);
        assertThat(ingest.jdbc().queryForObject("SELECT count(*) FROM rm_lineage_node WHERE node_id = ?",
                Integer.class, "jobRun:" + run)).isZero();

        Map<String, Object> same = new HashMap<>(ingest.properties());
        same.put("custody.processing.enabled", "true");
        try (FreshServer projecting = FreshServer.start(same)) {
            // Default read-your-writes: the ingest instance waits for the projecting instance's tokens.
            String name = "ingest/ds-" + suffix;
            ingest.graphQl().document("mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { dataset { name } } }")
                    .variable("i", Map.of("name", name, "owner", "risk-data"))
                    .execute().path("registerDataset.dataset.name").entity(String.class).isEqualTo(name);
            ingest.graphQl().document("query($n: String!) { lineage(node: $n, direction: DOWNSTREAM, depth: 1) "
                            + "{ nodes { id } } }").variable("n", "jobRun:" + run)
                    .execute().path("lineage.nodes[*].id").entityList(String.class).contains("jobRun:" + run);
            projecting.graphQl().document("query($n: String!) { dataset(name: $n) { versionCount } }")
                    .variable("n", dataset).execute().path("dataset.versionCount").entity(Integer.class).isEqualTo(1);
        }
    }
}
