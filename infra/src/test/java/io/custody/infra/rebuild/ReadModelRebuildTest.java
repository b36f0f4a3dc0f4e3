package io.custody.infra.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.prediction.OutcomeRecorded;
import io.custody.events.prediction.PredictionRecorded;
import io.custody.infra.cli.Cli;
import io.custody.meta.Metadata;
import io.custody.meta.Streams;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RequestId;
import io.custody.values.Role;
import io.custody.values.ServiceName;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import io.custody.infra.support.FreshServer;
import io.custody.infra.support.StoredEvents;
import io.custody.query.search.SearchIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.custody.infra.support.GraphQlErrorsAssert.oneError;

/**
 * Rebuilds read models from the store beside the live ones and switches over: the rebuilt model equals the
 * one it replaces, and the server keeps writing and answering throughout. The server runs on a database and
 * search alias of its own, because a rebuild swaps tables and indexes.
 */
class ReadModelRebuildTest {

    private static final String DIGEST = "sha256:" + "f".repeat(64);
    private static FreshServer server;

    @BeforeAll
    static void start() {
        server = FreshServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_rebuilt_dataset_read_model_equals_the_one_it_replaces_down_to_its_indexes() {
        history(6);
        Map<String, Object> done = rebuildAndWait("dataset-read-model");
        assertThat(done.get("state")).isEqualTo("COMPLETED");
        assertThat(done.get("retiredTo")).isEqualTo("retired_dataset_read_model");

        JdbcTemplate jdbc = server.jdbc();
        for (String table : List.of("rm_dataset", "rm_dataset_version")) {
            long rows = jdbc.queryForObject("SELECT count(*) FROM public." + table, Long.class);
            assertThat(rows).as(table).isPositive()
                    .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM retired_dataset_read_model." + table, Long.class));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM (SELECT * FROM public." + table
                    + " EXCEPT ALL SELECT * FROM retired_dataset_read_model." + table + ") d", Long.class)).as(table).isZero();
            assertThat(indexes(jdbc, "public", table)).as(table)
                    .isEqualTo(indexes(jdbc, "retired_dataset_read_model", table));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname = 'rebuild_dataset_read_model'",
                Long.class)).isZero();
    }

    @Test
    void a_rebuilt_prediction_read_model_equals_the_one_it_replaces() {
        // The prediction projection copies predictions from the stored JSON in SQL and applies outcomes from
        // deserialized events: the rebuild must land on exactly the rows the live processor wrote.
        String service = "rebuild-api-" + UUID.randomUUID().toString().substring(0, 8);
        int count = 300;
        List<GenericDomainEventMessage<?>> events = new java.util.ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < count; i++) {
            RequestId requestId = RequestId.of("r-" + i);
            String stream = Streams.prediction(Environment.of("production"), ServiceName.of(service), requestId);
            events.add(new GenericDomainEventMessage<>("Prediction", stream, 0, new PredictionRecorded(
                    Environment.of("production"), ServiceName.of(service), requestId,
                    new ModelVersionRef(ModelName.of("rebuild-model"), 1 + i % 2),
                    Instant.parse("2026-02-01T00:00:00Z").plusSeconds(i), DIGEST, null,
                    json.createObjectNode().put("score", i / 1000.0),
                    i % 3 == 0 ? json.createObjectNode().put("top", "income") : null),
                    MetaData.with(Metadata.ACTOR, "scoring").and(Metadata.EVENT_TIME, "2026-02-01T00:00:00Z")));
            if (i % 2 == 0) {
                events.add(new GenericDomainEventMessage<>("Prediction", stream, 1, new OutcomeRecorded(
                        Environment.of("production"), ServiceName.of(service), requestId,
                        json.createObjectNode().put("defaulted", i % 4 == 0), null),
                        MetaData.with(Metadata.ACTOR, "loans").and(Metadata.EVENT_TIME, "2026-03-01T00:00:00Z")));
            }
        }
        StoredEvents.append(server.bean(EventStore.class), server.bean(TransactionManager.class), events);
        JdbcTemplate jdbc = server.jdbc();
        await("live prediction read model caught up").atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM rm_prediction WHERE service = ? "
                        + "AND outcome IS NOT NULL", Long.class, service) >= count / 2);

        Map<String, Object> done = rebuildAndWait("prediction-read-model");
        assertThat(done.get("state")).isEqualTo("COMPLETED");
        String retired = (String) done.get("retiredTo");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM public.rm_prediction WHERE service = ?", Long.class, service))
                .isEqualTo(count);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + retired + ".rm_prediction", Long.class))
                .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM public.rm_prediction", Long.class));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM (SELECT * FROM public.rm_prediction EXCEPT ALL SELECT * FROM "
                + retired + ".rm_prediction) d", Long.class)).isZero();
        assertThat(jdbc.queryForMap("SELECT predicted_at, observed_at, explanation IS NULL AS no_explanation "
                        + "FROM rm_prediction WHERE service = ? AND request_id = 'r-2'", service))
                .containsEntry("no_explanation", true)
                .satisfies(row -> assertThat(row.get("observed_at").toString()).startsWith("2026-03-01"));
    }

    @Test
    void a_rebuilt_search_index_holds_the_same_documents_and_the_alias_moves_to_it() throws IOException {
        history(4);
        Map<String, Object> done = rebuildAndWait(SearchIndex.GROUP);
        assertThat(done.get("state")).isEqualTo("COMPLETED");

        ElasticsearchClient es = server.bean(ElasticsearchClient.class);
        String alias = server.bean(SearchIndex.class).alias();
        String rebuilt = (String) done.get("rebuiltInto");
        String retired = (String) done.get("retiredTo");
        assertThat(es.indices().getAlias(a -> a.name(alias)).result().keySet()).containsExactly(rebuilt);
        Map<String, Object> before = documents(es, retired);
        assertThat(before).isNotEmpty();
        assertThat(documents(es, rebuilt)).isEqualTo(before);
    }

    @Test
    void the_server_keeps_writing_and_answering_while_a_model_is_rebuilt_from_the_command_line() throws Exception {
        history(3);
        Path tokenFile = Files.createTempFile("custody-token", ".txt");
        Files.writeString(tokenFile, server.bearer("ops", Role.ADMIN));
        CompletableFuture<Cli.Result> rebuild = CompletableFuture.supplyAsync(() -> Cli.capture("rebuild",
                "dataset-read-model", "--server=" + server.baseUrl(), "--token-file=" + tokenFile));
        List<String> written = history(4);
        for (String name : written) {
            server.graphQl().document("{ dataset(name: \"" + name + "\") { name } }").execute()
                    .path("dataset.name").entity(String.class).isEqualTo(name);
        }
        Cli.Result result = rebuild.get();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("done: rebuild_dataset_read_model is live");

        List<String> after = history(1);
        for (String name : concat(written, after)) {
            server.graphQl().document("{ dataset(name: \"" + name + "\") { versionCount } }").execute()
                    .path("dataset.versionCount").entity(Integer.class).isEqualTo(1);
        }
    }

    @Test
    void rebuilding_an_unknown_read_model_is_refused_naming_the_known_ones() {
        server.graphQl().document("mutation { rebuildReadModel(name: \"no-such-model\") { id } }").execute()
                .errors().satisfy(oneError("BAD_REQUEST", "name", "dataset-read-model", "search-index"));
    }

    private static List<String> history(int datasets) {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < datasets; i++) {
            String name = "rebuild/ds-" + UUID.randomUUID().toString().substring(0, 8);
            names.add(name);
            server.graphQl().document("mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { receipt { position } } }")
                    .variable("i", Map.of("name", name, "owner", "team-r", "tags", List.of("pii"))).execute()
                    .path("registerDataset.receipt.position").hasValue();
            server.graphQl().document("mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) "
                            + "{ receipt { position } } }")
                    .variable("i", Map.of("dataset", name, "version", "v1", "digest", DIGEST, "rowCount", 10 + i,
                            "location", "s3://lake/" + name + "/v1")).execute()
                    .path("registerDatasetVersion.receipt.position").hasValue();
            if (i % 2 == 0) {
                server.graphQl().document("mutation($i: QuarantineDatasetVersionInput!) { quarantineDatasetVersion(input: $i) "
                                + "{ receipt { position } } }")
                        .variable("i", Map.of("dataset", name, "version", "v1", "reason", "bad rows")).execute()
                        .path("quarantineDatasetVersion.receipt.position").hasValue();
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rebuildAndWait(String name) {
        String id = server.graphQl().document("mutation($n: String!) { rebuildReadModel(name: $n) { id state } }")
                .variable("n", name).execute().path("rebuildReadModel.id").entity(String.class).get();
        Map<String, Object> status = await("rebuild of " + name + " finishes").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> server.graphQl().document("query($id: ID!) { rebuild(id: $id) { state position "
                                + "targetPosition rebuiltInto retiredTo error } }")
                        .variable("id", id).execute().path("rebuild").entity(Map.class).get(),
                        s -> "COMPLETED".equals(s.get("state")) || "FAILED".equals(s.get("state")));
        assertThat(status.get("error")).isNull();
        return status;
    }

    private static List<String> indexes(JdbcTemplate jdbc, String schema, String table) {
        return jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = ? ORDER BY 1",
                String.class, schema, table);
    }

    /** Every document of a physical index: id to source. */
    @SuppressWarnings("rawtypes")
    private static Map<String, Object> documents(ElasticsearchClient es, String index) {
        try {
            es.indices().refresh(r -> r.index(index));
            Map<String, Object> out = new TreeMap<>();
            for (Hit<Map> hit : es.search(s -> s.index(index).size(10_000).query(q -> q.matchAll(m -> m)), Map.class)
                    .hits().hits()) {
                out.put(hit.id(), hit.source());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
