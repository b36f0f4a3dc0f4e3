package io.custody.infra.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.infra.support.IntegrationTest;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenLineage ingest through the real client library ({@code io.openlineage:openlineage-java}) and its
 * HTTP transport, pointed at the running server exactly as an integration would be; the outcome is
 * read back through GraphQL.
 */
class OpenLineageIngestTest extends IntegrationTest {

    private static final URI PRODUCER = URI.create("https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java");
    private static final String SHA = "89abcdef0123456789abcdef0123456789abcdef";
    private static final ZonedDateTime T0 = ZonedDateTime.of(2026, 1, 15, 9, 0, 0, 0, ZoneOffset.UTC);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final OpenLineage ol = new OpenLineage(PRODUCER);
    OpenLineageClient client;

    @BeforeEach
    void client() {
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create("http://localhost:" + port));
        // The client's own way to send a bearer token, as an OpenLineage deployment would configure it.
        ApiKeyTokenProvider token = new ApiKeyTokenProvider();
        token.setApiKey(bearer("airflow"));
        config.setAuth(token);
        client = OpenLineageClient.builder().transport(new HttpTransport(config)).build();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    String lake() {
        return "s3://lake-" + suffix;
    }

    OpenLineage.InputDataset rawApplications() {
        OpenLineage.DefaultDatasetFacet stewardship = new OpenLineage.DefaultDatasetFacet(PRODUCER, null);
        stewardship.getAdditionalProperties().put("steward", "risk-data");
        stewardship.getAdditionalProperties().put("reviewed", true);
        return ol.newInputDatasetBuilder().namespace(lake()).name("raw/applications")
                .facets(ol.newDatasetFacetsBuilder()
                        .version(ol.newDatasetVersionDatasetFacet("v3"))
                        .schema(ol.newSchemaDatasetFacetBuilder().fields(List.of(
                                ol.newSchemaDatasetFacetFieldsBuilder().name("income").type("double").build(),
                                ol.newSchemaDatasetFacetFieldsBuilder().name("applicant_id").type("string").build()))
                                .build())
                        .dataSource(ol.newDatasourceDatasetFacetBuilder().name(lake()).uri(URI.create(lake())).build())
                        .put("stewardship", stewardship)
                        .build())
                .build();
    }

    OpenLineage.OutputDataset features(Long rows) {
        OpenLineage.OutputDatasetBuilder builder = ol.newOutputDatasetBuilder().namespace(lake())
                .name("features/applications");
        if (rows != null) {
            builder.outputFacets(ol.newOutputDatasetOutputFacetsBuilder()
                    .outputStatistics(ol.newOutputStatisticsOutputDatasetFacetBuilder().rowCount(rows).build()).build());
        }
        return builder.build();
    }

    OpenLineage.RunEvent event(EventType type, UUID runId, ZonedDateTime at, List<OpenLineage.InputDataset> inputs,
                               List<OpenLineage.OutputDataset> outputs) {
        OpenLineage.DefaultRunFacet scheduler = new OpenLineage.DefaultRunFacet(PRODUCER);
        scheduler.getAdditionalProperties().put("queue", "nightly");
        return ol.newRunEventBuilder().eventType(type).eventTime(at)
                .run(ol.newRunBuilder().runId(runId).facets(ol.newRunFacetsBuilder()
                        .parent(ol.newParentRunFacetBuilder()
                                .run(ol.newParentRunFacetRunBuilder().runId(UUID.nameUUIDFromBytes(suffix.getBytes()))
                                        .build())
                                .job(ol.newParentRunFacetJobBuilder().namespace("airflow-" + suffix)
                                        .name("credit_pipeline").build())
                                .build())
                        .put("scheduler", scheduler)
                        .build()).build())
                .job(ol.newJobBuilder().namespace("airflow-" + suffix).name("credit_pipeline.build_features")
                        .facets(ol.newJobFacetsBuilder().sourceCodeLocation(ol.newSourceCodeLocationJobFacetBuilder()
                                .type("git").url(URI.create("https://git.example.com/risk/pipelines"))
                                .repoUrl("https://git.example.com/risk/pipelines.git").version(SHA).build()).build())
                        .build())
                .inputs(inputs).outputs(outputs).build();
    }

    String rawNode() {
        return "datasetVersion:" + lake() + "/raw/applications@v3";
    }

    JsonNode post(String body, int status) throws Exception {
        byte[] reply = http("airflow").mutate().responseTimeout(java.time.Duration.ofSeconds(60)).build().post()
                .uri("/api/v1/lineage").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status)
                .expectBody().returnResult().getResponseBody();
        return json.readTree(reply);
    }

    int storedEvents(String streamPrefix) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ?",
                Integer.class, streamPrefix + "%");
    }

    @Test
    void the_openlineage_client_reports_a_run_and_graphql_shows_its_lineage_facets_and_state() {
        UUID runId = UUID.randomUUID();
        client.emit(event(EventType.START, runId, T0, List.of(rawApplications()), List.of(features(null))));
        client.emit(event(EventType.COMPLETE, runId, T0.plusMinutes(5), List.of(rawApplications()),
                List.of(features(1200L))));

        String output = "datasetVersion:" + lake() + "/features/applications@run-" + runId;
        graphQl().document("""
                        query($node: String!) { lineage(node: $node, direction: DOWNSTREAM, depth: 2) {
                            nodes { id kind name state facets } edges { from to kind position eventId } } }""")
                .variable("node", rawNode()).execute()
                .path("lineage.edges[*].kind").entityList(String.class).containsExactly("INPUT_TO", "PRODUCED")
                .path("lineage.edges[1].to").entity(String.class).isEqualTo(output)
                .path("lineage.nodes[1].id").entity(String.class).isEqualTo("jobRun:" + runId)
                .path("lineage.nodes[1].state").entity(String.class).isEqualTo("COMPLETE")
                // Facets Custody does not use are kept as sent.
                .path("lineage.nodes[0].facets.stewardship.steward").entity(String.class).isEqualTo("risk-data")
                .path("lineage.nodes[1].facets.scheduler.queue").entity(String.class).isEqualTo("nightly");

        graphQl().document("""
                        query($node: String!) { lineage(node: $node, direction: UPSTREAM, depth: 1) {
                            nodes { id kind } edges { from kind } } }""")
                .variable("node", "jobRun:" + runId).execute()
                .path("lineage.edges[*].kind").entityList(String.class)
                .contains("INPUT_TO", "RAN", "PARENT_OF", "CODE_OF")
                .path("lineage.nodes[*].id").entityList(String.class)
                .contains("commit:https://git.example.com/risk/pipelines.git@" + SHA,
                        "job:airflow-" + suffix + "/credit_pipeline.build_features");

        // The datasets became Custody dataset versions, with a digest derived from their identity.
        graphQl().document("""
                        query($ds: String!, $v: String!) { datasetVersion(dataset: $ds, version: $v) {
                            digest rowCount tags producedByRun } }""")
                .variable("ds", lake() + "/features/applications").variable("v", "run-" + runId).execute()
                .path("datasetVersion.tags").entityList(String.class).contains("openlineage", "derived-digest")
                .path("datasetVersion.producedByRun").entity(String.class).isEqualTo("jobRun:" + runId)
                .path("datasetVersion.digest").entity(String.class).satisfies(d -> assertThat(d).startsWith("sha256:"));
    }

    /**
     * Concurrent single events are stored together (group commit), each still answered on its own: every
     * run accepted once, a copy sent at the same moment a duplicate, and a run reported under a second job
     * refused alone with 409, without taking the others down with it.
     */
    @Test
    void concurrent_events_are_each_answered_on_their_own() throws Exception {
        // More at once than one group holds (50), so some requests wait more than one turn.
        int runs = 80;
        List<UUID> ids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            UUID runId = UUID.randomUUID();
            ids.add(runId);
            bodies.add(json.writeValueAsString(OpenLineageClientJson.of(event(EventType.COMPLETE, runId,
                    T0.plusMinutes(i), List.of(rawApplications()), List.of(features((long) i))))));
        }
        // The first run again, at once: one of the two copies is stored, the other is its duplicate.
        bodies.add(bodies.get(0));
        // The second run again, reported as a run of another job: refused, the rest unaffected.
        String otherJob = bodies.get(1).replace("credit_pipeline.build_features", "credit_pipeline.other_job")
                .replace("COMPLETE", "START");
        var pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<JsonNode>> replies = new ArrayList<>();
            for (String body : bodies) {
                replies.add(pool.submit(() -> postAny(body)));
            }
            Future<JsonNode> refused = pool.submit(() -> {
                replies.get(1).get();
                return postAny(otherJob);
            });
            Map<String, Integer> statuses = new TreeMap<>();
            for (var reply : replies) {
                statuses.merge(reply.get().get("status").asText(), 1, Integer::sum);
            }
            assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of("ACCEPTED", runs, "DUPLICATE", 1));
            JsonNode conflict = refused.get();
            assertThat(conflict.get("httpStatus").asInt()).isEqualTo(409);
            assertThat(conflict.get("field").asText()).isEqualTo("$.job");
        } finally {
            pool.shutdownNow();
        }
        for (UUID runId : ids) {
            assertThat(storedEvents("jobrun:" + runId)).as("run %s", runId).isEqualTo(2);
        }
    }

    /** The reply of any status, with the status added as {@code httpStatus}. */
    JsonNode postAny(String body) throws Exception {
        var result = http("airflow").mutate().responseTimeout(java.time.Duration.ofSeconds(60)).build().post()
                .uri("/api/v1/lineage").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectBody().returnResult();
        ObjectNode reply =
                (ObjectNode) json.readTree(result.getResponseBody());
        reply.put("httpStatus", result.getStatus().value());
        return reply;
    }

    @Test
    void a_completion_before_its_start_and_a_duplicate_give_one_run_that_completed() throws Exception {
        UUID runId = UUID.randomUUID();
        client.emit(event(EventType.COMPLETE, runId, T0.plusMinutes(5), List.of(rawApplications()),
                List.of(features(10L))));
        client.emit(event(EventType.START, runId, T0, List.of(rawApplications()), List.of(features(null))));
        String start = json.writeValueAsString(OpenLineageClientJson.of(event(EventType.START, runId, T0,
                List.of(rawApplications()), List.of(features(null)))));
        assertThat(post(start, 200).get("status").asText()).isEqualTo("DUPLICATE");
        client.emit(event(EventType.START, runId, T0, List.of(rawApplications()), List.of(features(null))));

        assertThat(storedEvents("jobrun:" + runId)).isEqualTo(4);
        graphQl().document("query($id: String!) { lineageNode(id: $id) { state } }")
                .variable("id", "jobRun:" + runId).execute()
                .path("lineageNode.state").entity(String.class).isEqualTo("COMPLETE");
    }

    @Test
    void an_invalid_event_answers_400_with_the_json_path_and_stores_nothing() throws Exception {
        int before = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Integer.class);
        UUID runId = UUID.randomUUID();
        JsonNode valid = OpenLineageClientJson.of(event(EventType.START, runId, T0, List.of(rawApplications()),
                List.of(features(null))));

        ObjectNode noRunId = valid.deepCopy();
        ((ObjectNode) noRunId.get("run")).remove("runId");
        JsonNode reply = post(json.writeValueAsString(noRunId), 400);
        assertThat(reply.get("field").asText()).isEqualTo("$.run.runId");
        assertThat(reply.get("code").asText()).isEqualTo("BAD_REQUEST");

        ObjectNode badOutput = valid.deepCopy();
        ((ObjectNode) badOutput.get("outputs").get(0)).put("name", "features/a b");
        assertThat(post(json.writeValueAsString(badOutput), 400).get("field").asText()).isEqualTo("$.outputs[0].name");

        assertThat(post("{not json", 400).get("field").asText()).isEqualTo("$");
        // The valid input dataset of the refused events was not registered either.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Integer.class)).isEqualTo(before);
    }

    @Test
    void a_run_event_without_its_run_answers_400_at_run_and_is_not_taken_for_a_job_event() throws Exception {
        int before = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Integer.class);
        ObjectNode noRun = (ObjectNode) OpenLineageClientJson.of(event(EventType.START, UUID.randomUUID(), T0,
                List.of(rawApplications()), List.of(features(null))));
        assertThat(noRun.get("schemaURL").asText()).endsWith("/RunEvent");
        noRun.remove("run");

        JsonNode reply = post(json.writeValueAsString(noRun), 400);
        assertThat(reply.get("field").asText()).isEqualTo("$.run");
        assertThat(reply.get("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Integer.class)).isEqualTo(before);
    }

    @Test
    void job_and_dataset_events_are_recorded_as_descriptions() throws Exception {
        client.emit(ol.newJobEventBuilder().eventTime(T0)
                .job(ol.newJobBuilder().namespace("dbt-" + suffix).name("analytics.credit_features").build())
                .inputs(List.of(rawApplications())).outputs(List.of(features(null))).build());
        client.emit(ol.newDatasetEventBuilder().eventTime(T0)
                .dataset(ol.newStaticDatasetBuilder().namespace(lake()).name("reference/branches")
                        .facets(ol.newDatasetFacetsBuilder().put("licence", new OpenLineage.DefaultDatasetFacet(PRODUCER,
                                null)).build()).build()).build());

        graphQl().document("""
                        query($node: String!) { lineage(node: $node, direction: BOTH, depth: 1) {
                            edges { from to kind } } }""")
                .variable("node", "job:dbt-" + suffix + "/analytics.credit_features").execute()
                .path("lineage.edges[*].kind").entityList(String.class)
                .contains("DECLARED_INPUT", "DECLARED_OUTPUT").hasSize(2);
        graphQl().document("query($id: String!) { lineageNode(id: $id) { kind facets } }")
                .variable("id", "dataset:" + lake() + "/reference/branches").execute()
                .path("lineageNode.kind").entity(String.class).isEqualTo("DATASET")
                .path("lineageNode.facets.licence").hasValue();
        assertThat(storedEvents("oldataset:" + lake())).isEqualTo(1);
    }

    /** The client's own serialisation, for requests this test sends by hand. */
    static final class OpenLineageClientJson {
        private OpenLineageClientJson() {
        }

        static JsonNode of(Object event) throws Exception {
            return new ObjectMapper().readTree(io.openlineage.client.OpenLineageClientUtils.toJson(event));
        }
    }

    static Map<String, Object> vars(Object... pairs) {
        java.util.LinkedHashMap<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
