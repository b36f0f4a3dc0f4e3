package io.custody.infra.timetravel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.axon.ProcessorBarrier;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail across streams, and its export as JSON Lines and CSV, through HTTP. */
class AuditTrailTest extends IntegrationTest {

    static final String TRAIL = """
            query($actor: String, $types: [String!], $from: DateTime, $to: DateTime, $first: Int, $after: String) {
              auditTrail(actor: $actor, types: $types, from: $from, to: $to, first: $first, after: $after) {
                edges { cursor node { position stream sequence type actor recordedAt correlationId causationId
                                      sourceSystem payloadType payload } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    @Autowired
    ObjectMapper json;

    @Autowired
    ProcessorBarrier barrier;

    @Autowired
    JdbcTemplate jdbc;

    Lifecycle life;
    String steward;

    @BeforeEach
    void fresh() {
        life = new Lifecycle(this::http, json);
        steward = "steward-" + life.suffix;
    }

    GraphQlTester.Response trail(Map<String, Object> variables) {
        GraphQlTester.Request<?> request = graphQl().document(TRAIL);
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        return request.execute();
    }

    /** One dataset with four versions, in one business transaction, then a quarantine at {@code return}'s instant on. */
    Instant recordDatasetHistory(String correlationId) {
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(life.item("RegisterDataset", null, Map.of("name", life.dataset(), "owner", "risk-data")));
        for (int v = 1; v <= 4; v++) {
            items.add(life.item("RegisterDatasetVersion", null, Map.of("dataset", life.dataset(), "version", "v" + v,
                    "location", "s3://lake/v" + v, "digest", "sha256:" + String.valueOf(v).repeat(64))));
        }
        life.send(steward, correlationId, items);
        Instant between = Lifecycle.pause();
        life.send(steward, List.of(life.item("QuarantineDatasetVersion", null, Map.of("dataset", life.dataset(),
                "version", "v2", "reason", "pii found"))));
        return between;
    }

    @Test
    void the_audit_trail_filters_by_actor_type_and_time_and_pages_by_position() {
        String correlation = "corr-" + life.suffix;
        Instant between = recordDatasetHistory(correlation);

        List<Long> positions = new ArrayList<>();
        List<String> types = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> variables = new HashMap<>(Map.of("actor", steward, "first", 2));
            variables.put("after", cursor);
            GraphQlTester.Response page = trail(variables);
            positions.addAll(page.path("auditTrail.edges[*].node.position").entityList(Long.class).get());
            types.addAll(page.path("auditTrail.edges[*].node.type").entityList(String.class).get());
            page.path("auditTrail.edges[*].node.actor").entityList(String.class).satisfies(actors ->
                    assertThat(actors).containsOnly(steward));
            boolean more = page.path("auditTrail.pageInfo.hasNextPage").entity(Boolean.class).get();
            cursor = more ? page.path("auditTrail.pageInfo.endCursor").entity(String.class).get() : null;
            pages++;
        } while (cursor != null);
        // A quarantine also records the impact assessment it caused, under the same actor.
        assertThat(pages).isEqualTo(4);
        assertThat(positions).hasSize(7).isSorted().doesNotHaveDuplicates();
        assertThat(types).containsExactly("DatasetRegistered", "DatasetVersionRegistered", "DatasetVersionRegistered",
                "DatasetVersionRegistered", "DatasetVersionRegistered", "DatasetVersionQuarantined", "ImpactAssessed");

        trail(Map.of("actor", steward, "first", 10)).path("auditTrail.edges[0].node.stream").entity(String.class)
                .isEqualTo("dataset:" + life.dataset())
                .path("auditTrail.edges[0].node.sequence").entity(Long.class).isEqualTo(0L)
                .path("auditTrail.edges[0].node.correlationId").entity(String.class).isEqualTo(correlation)
                .path("auditTrail.edges[0].node.causationId").hasValue()
                .path("auditTrail.edges[0].node.sourceSystem").entity(String.class).isEqualTo("ingest")
                .path("auditTrail.edges[0].node.recordedAt").hasValue()
                .path("auditTrail.edges[1].node.payloadType").entity(String.class)
                .isEqualTo("io.custody.events.dataset.DatasetVersionRegistered")
                .path("auditTrail.edges[1].node.payload.version").entity(String.class).isEqualTo("v1")
                .path("auditTrail.edges[5].node.correlationId").entity(String.class).isNotEqualTo(correlation);

        trail(Map.of("actor", steward, "types", List.of("DatasetVersionRegistered", "DatasetRegistered")))
                .path("auditTrail.edges[*].node.type").entityList(String.class).hasSize(5)
                .doesNotContain("DatasetVersionQuarantined");
        trail(Map.of("actor", steward, "from", between.toString()))
                .path("auditTrail.edges[*].node.type").entityList(String.class)
                .containsExactly("DatasetVersionQuarantined", "ImpactAssessed");
        trail(Map.of("actor", steward, "to", between.toString()))
                .path("auditTrail.edges[*].node.type").entityList(String.class).hasSize(5);
        trail(Map.of("actor", "nobody-" + life.suffix)).path("auditTrail.edges").entityList(Object.class).hasSize(0);
    }

    @Test
    void audit_trail_arguments_that_make_no_sense_are_bad_requests_naming_them() {
        trail(Map.of("after", "not-a-cursor!")).errors().satisfy(errors ->
                assertThat(errors.get(0).getExtensions()).containsEntry("code", "BAD_REQUEST")
                        .containsEntry("field", "after"));
        trail(Map.of("types", List.of("drop table"))).errors().satisfy(errors ->
                assertThat(errors.get(0).getExtensions()).containsEntry("field", "types[0]"));
        trail(Map.of("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z")).errors().satisfy(errors ->
                assertThat(errors.get(0).getExtensions()).containsEntry("field", "to"));
    }

    @Test
    void an_entity_trail_exports_as_json_lines_and_as_csv() throws Exception {
        recordDatasetHistory(null);
        String stream = "dataset:" + life.dataset();

        String lines = export("stream=" + stream + "&format=jsonl", "application/x-ndjson");
        List<JsonNode> events = lines.lines().map(this::read).toList();
        assertThat(events).hasSize(7);
        assertThat(events).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(events.get(0).get("type").asText()).isEqualTo("DatasetRegistered");
        assertThat(events.get(0).get("actor").asText()).isEqualTo(steward);
        assertThat(events.get(5).get("payload").get("reason").asText()).isEqualTo("pii found");
        assertThat(events.get(5).get("metadata").get("actor").asText()).isEqualTo(steward);

        String csv = export("stream=" + stream + "&format=csv", "text/csv");
        List<List<String>> rows = Csv.parse(csv);
        assertThat(rows.get(0)).containsExactly("position", "recordedAt", "eventTime", "stream", "sequence", "type",
                "actor", "sourceSystem", "correlationId", "causationId", "clientEventId", "eventId", "payloadType",
                "payload");
        assertThat(rows).hasSize(8);
        assertThat(rows.get(6).get(5)).isEqualTo("DatasetVersionQuarantined");
        assertThat(read(rows.get(6).get(13)).get("reason").asText()).isEqualTo("pii found");
        assertThat(rows.get(7).get(5)).isEqualTo("ImpactAssessed");
        assertThat(rows.subList(1, 8)).extracting(r -> Long.parseLong(r.get(0)))
                .containsExactlyElementsOf(events.stream().map(e -> e.get("position").asLong()).toList());
    }

    @Test
    void a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_exported_inert() throws Exception {
        String formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
        life.send(steward, formula, List.of(life.item("RegisterDataset", null, Map.of("name", life.dataset(),
                "owner", "risk-data"))));

        List<List<String>> rows = Csv.parse(export("stream=dataset:" + life.dataset() + "&format=csv", "text/csv"));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(8)).isEqualTo("'" + formula);
        assertThat(rows.get(1).get(3)).isEqualTo("dataset:" + life.dataset());
    }

    @Test
    void a_range_larger_than_one_fetch_exports_whole_and_in_order_as_json_lines_and_csv() throws Exception {
        life.train(1);
        life.deploy(1, null);
        String exporter = "scorer-" + life.suffix;
        Instant from = Lifecycle.pause();
        Instant at = Instant.now();
        // A request's accepted predictions are one event: more requests than one fetch of the export.
        int count = 1_100;
        IntStream.range(0, count).parallel().forEach(i -> {
            String body = "{\"requestId\":\"r-" + i + "\",\"time\":\"" + at + "\",\"featuresDigest\":\"sha256:"
                    + "f".repeat(64) + "\",\"output\":{\"score\":0.5,\"label\":\"a,\\\"b\\\"\"}}\n";
            http(exporter).mutate().responseTimeout(Duration.ofMinutes(2)).build().post()
                    .uri("/api/v1/predictions?environment=production&service=" + life.service())
                    .contentType(MediaType.parseMediaType("application/x-ndjson"))
                    .bodyValue(body).exchange().expectStatus().isOk();
        });
        barrier.await(jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class));
        Instant to = Lifecycle.pause();

        String query = "actor=" + exporter + "&types=PredictionsRecorded&from=" + from + "&to=" + to;
        List<JsonNode> events = export(query + "&format=jsonl", "application/x-ndjson").lines().map(this::read).toList();
        assertThat(events).hasSize(count);
        List<Long> positions = events.stream().map(e -> e.get("position").asLong()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo(exporter);
            assertThat(e.get("payload").get("predictions").get(0).get("output").get("label").asText()).isEqualTo("a,\"b\"");
        });

        List<List<String>> rows = Csv.parse(export(query + "&format=csv", "text/csv"));
        assertThat(rows).hasSize(count + 1);
        assertThat(rows.subList(1, rows.size())).extracting(r -> Long.parseLong(r.get(0)))
                .containsExactlyElementsOf(positions);
        assertThat(read(rows.get(count).get(13)).get("predictions").get(0).get("output").get("label").asText())
                .isEqualTo("a,\"b\"");
    }

    @Test
    void an_export_in_an_unknown_format_is_a_bad_request_naming_it() {
        http().get().uri("/api/v1/audit/export?format=xml").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("format").jsonPath("$.code").isEqualTo("BAD_REQUEST");
        http().get().uri("/api/v1/audit/export?from=yesterday").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("from");
    }

    /** Reads an export through a plain HTTP client, checking its status and content type. */
    String export(String query, String contentType) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/audit/export?" + query))
                .header("Authorization", "Bearer " + bearer(DEFAULT_ACTOR)).timeout(Duration.ofMinutes(1)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("status of %s: %s", query, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith(contentType));
        return response.body();
    }

    JsonNode read(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + line, e);
        }
    }

    /** A strict RFC 4180 reader, so the test checks the quoting rather than trusting it. */
    static final class Csv {

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    cell.append(c);
                }
            }
            assertThat(quoted).as("the CSV ends inside a quoted cell").isFalse();
            assertThat(cell).as("the last record ends with CRLF").isEmpty();
            return rows;
        }
    }
}
