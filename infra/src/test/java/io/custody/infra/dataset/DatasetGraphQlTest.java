package io.custody.infra.dataset;

import io.custody.command.api.AggregateCache;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static io.custody.infra.support.GraphQlErrorsAssert.oneError;

/** The dataset slice through HTTP GraphQL, the event store, the read model and the search index. */
class DatasetGraphQlTest extends IntegrationTest {

    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String DIGEST_B = "sha256:" + "b".repeat(64);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AggregateCache cache;

    static String uniqueName() {
        return "lending/applications-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void register(String name) {
        graphQl().documentName("registerDataset")
                .variable("input", Map.of("name", name, "owner", "risk-data", "description", "loan applications",
                        "tags", List.of("pii")))
                .execute().path("registerDataset.dataset.owner").entity(String.class).isEqualTo("risk-data");
    }

    GraphQlTester.Response registerVersion(String name, String version, String digest) {
        return graphQl().documentName("registerDatasetVersion")
                .variable("input", Map.of("dataset", name, "version", version, "digest", digest,
                        "location", "s3://lake/" + name + "/" + version, "rowCount", 120000,
                        "schema", List.of(Map.of("name", "income", "type", "double"))))
                .execute();
    }

    @Test
    void a_registered_version_reads_back_at_once_through_every_query() {
        String name = uniqueName();
        register(name);
        GraphQlTester.Response registered = registerVersion(name, "v3", DIGEST_A);
        registered.path("registerDatasetVersion.receipt.changed").entity(Boolean.class).isEqualTo(true);
        registered.path("registerDatasetVersion.datasetVersion.digest").entity(String.class).isEqualTo(DIGEST_A);
        registered.path("registerDatasetVersion.datasetVersion.registeredBy").entity(String.class).isEqualTo("alice");

        GraphQlTester.Response version = graphQl().documentName("datasetVersion")
                .variable("dataset", name).variable("version", "v3").execute();
        version.path("datasetVersion.rowCount").entity(Long.class).isEqualTo(120000L);
        version.path("datasetVersion.schema[0].name").entity(String.class).isEqualTo("income");
        version.path("datasetVersion.datasetInfo.owner").entity(String.class).isEqualTo("risk-data");

        graphQl().documentName("dataset").variable("name", name).execute()
                .path("dataset.versionCount").entity(Integer.class).isEqualTo(1)
                .path("dataset.versions.nodes[0].version").entity(String.class).isEqualTo("v3")
                .path("dataset.tags").entityList(String.class).containsExactly("pii");

        graphQl().documentName("search").variable("text", name.substring(name.indexOf('-') + 1))
                .execute().path("search.hits[*].id").entityList(String.class)
                .contains("DATASET:" + name, "DATASET_VERSION:" + name + "@v3");
    }

    @Test
    void the_same_label_with_the_same_digest_is_an_idempotent_no_op() {
        String name = uniqueName();
        register(name);
        long first = registerVersion(name, "v1", DIGEST_A).path("registerDatasetVersion.receipt.position")
                .entity(Long.class).get();
        GraphQlTester.Response again = registerVersion(name, "v1", DIGEST_A);
        again.path("registerDatasetVersion.receipt.changed").entity(Boolean.class).isEqualTo(false);
        again.path("registerDatasetVersion.receipt.position").entity(Long.class).isEqualTo(first);
        assertThat(eventsIn("dataset:" + name)).isEqualTo(2);
    }

    @Test
    void the_same_label_with_another_digest_is_a_conflict_naming_both_digests_and_stores_nothing() {
        String name = uniqueName();
        register(name);
        registerVersion(name, "v3", DIGEST_A);
        registerVersion(name, "v3", DIGEST_B).errors().satisfy(oneError("CONFLICT", "input.digest", DIGEST_A, DIGEST_B));
        assertThat(eventsIn("dataset:" + name)).isEqualTo(2);
    }

    @Test
    void a_malformed_digest_is_a_bad_request_naming_the_field() {
        String name = uniqueName();
        register(name);
        registerVersion(name, "v1", "md5:1234").errors().satisfy(errors -> {
            assertThat(errors.get(0).getExtensions()).containsEntry("code", "BAD_REQUEST")
                    .containsEntry("field", "input.digest");
            assertThat(errors.get(0).getMessage()).contains("sha256");
        });
        assertThat(eventsIn("dataset:" + name)).isEqualTo(1);
    }

    @Test
    void a_version_of_an_unknown_dataset_is_not_found() {
        registerVersion(uniqueName(), "v1", DIGEST_A).errors().satisfy(errors ->
                assertThat(errors.get(0).getExtensions()).containsEntry("code", "NOT_FOUND")
                        .containsEntry("field", "input.dataset"));
    }

    @Test
    void a_query_with_a_wrong_argument_type_answers_bad_request_without_a_stack_trace() {
        graphQl().document("{ datasets(first: \"many\") { totalCount } }").execute().errors().satisfy(errors -> {
            assertThat(errors).isNotEmpty();
            assertThat(errors.get(0).getExtensions()).containsEntry("code", "BAD_REQUEST");
            assertThat(errors.get(0).getMessage()).doesNotContain("at io.").doesNotContain("Exception");
        });
    }

    @Test
    void quarantine_is_visible_in_queries_and_search() {
        String name = uniqueName();
        register(name);
        registerVersion(name, "v3", DIGEST_A);
        graphQl("bob").documentName("quarantineDatasetVersion")
                .variable("input", Map.of("dataset", name, "version", "v3", "reason", "label leakage"))
                .execute()
                .path("quarantineDatasetVersion.datasetVersion.quarantined").entity(Boolean.class).isEqualTo(true)
                .path("quarantineDatasetVersion.datasetVersion.quarantinedBy").entity(String.class).isEqualTo("bob");
        graphQl().documentName("search").variable("text", name.substring(name.indexOf('-') + 1))
                .variable("types", List.of("DATASET_VERSION")).variable("filters", Map.of("quarantined", true))
                .execute().path("search.hits[0].id").entity(String.class).isEqualTo("DATASET_VERSION:" + name + "@v3");
    }

    @Test
    void a_resent_client_event_id_is_acknowledged_once() {
        String name = uniqueName();
        register(name);
        String clientEventId = UUID.randomUUID().toString();
        registerVersion(name, "v1", DIGEST_A);
        Map<String, Object> input = Map.of("dataset", name, "version", "v1", "reason", "bad join",
                "clientEventId", "q-" + clientEventId);
        graphQl().documentName("quarantineDatasetVersion").variable("input", input).execute()
                .path("quarantineDatasetVersion.receipt.changed").entity(Boolean.class).isEqualTo(true);
        graphQl().documentName("quarantineDatasetVersion").variable("input", input).execute()
                .path("quarantineDatasetVersion.receipt.changed").entity(Boolean.class).isEqualTo(false);
        // Registered, version registered, quarantined and the quarantine's impact assessment: once each.
        assertThat(eventsIn("dataset:" + name)).isEqualTo(4);
    }

    @Test
    void history_shows_each_event_with_its_metadata_and_global_position() {
        String name = uniqueName();
        register(name);
        registerVersion(name, "v1", DIGEST_A);
        GraphQlTester.Response history = graphQl().documentName("history").variable("stream", "dataset:" + name).execute();
        history.path("history[*].type").entityList(String.class)
                .containsExactly("DatasetRegistered", "DatasetVersionRegistered");
        history.path("history[1].actor").entity(String.class).isEqualTo("alice");
        history.path("history[1].sourceSystem").entity(String.class).isEqualTo("graphql");
        history.path("history[1].payloadType").entity(String.class)
                .isEqualTo("io.custody.events.dataset.DatasetVersionRegistered");
        history.path("history[1].payload.digest").entity(String.class).isEqualTo(DIGEST_A);
        history.path("history[1].correlationId").hasValue();
        history.path("history[1].causationId").hasValue();
        history.path("history[1].position").entity(Long.class).satisfies(p -> assertThat(p).isPositive());
    }

    @Test
    void datasets_are_paged_with_cursors() {
        String namespace = "paging-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            register(namespace + "/set" + i);
        }
        GraphQlTester.Response first = graphQl().documentName("datasets").variable("first", 2)
                .variable("namespace", namespace).execute();
        first.path("datasets.totalCount").entity(Integer.class).isEqualTo(3);
        first.path("datasets.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = first.path("datasets.pageInfo.endCursor").entity(String.class).get();
        graphQl().documentName("datasets").variable("first", 2).variable("after", cursor)
                .variable("namespace", namespace).execute()
                .path("datasets.edges[*].node.name").entityList(String.class).containsExactly(namespace + "/set2")
                .path("datasets.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void the_event_table_refuses_update_and_delete() {
        String name = uniqueName();
        register(name);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update(
                "UPDATE domain_event_entry SET payload_type = 'x' WHERE aggregate_identifier = ?", "dataset:" + name))
                .rootCause().hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update(
                "DELETE FROM domain_event_entry WHERE aggregate_identifier = ?", "dataset:" + name))
                .rootCause().hasMessageContaining("append-only");
        assertThat(eventsIn("dataset:" + name)).isEqualTo(1);
    }

    int eventsIn(String stream) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, stream);
        return n == null ? 0 : n;
    }

    /**
     * The aggregate cache never lets a rule judge stale state: a stream that grew behind the cache's back (as
     * when another instance appends to it) is read from the store again.
     */
    @Test
    void a_stream_appended_to_elsewhere_is_read_again_before_the_next_command() {
        String name = uniqueName();
        register(name);
        registerVersion(name, "v1", DIGEST_A).path("registerDatasetVersion.receipt.changed").entity(Boolean.class)
                .isEqualTo(true);
        String stream = "dataset:" + name;
        assertThat(cache.enabled()).isTrue();
        assertThat(cache.containsKey(stream)).isTrue();
        assertThat((Object) cache.get(stream)).as("an entry saved at the stream's head is used").isNotNull();

        // "Another instance" registers v2: the v1 event again under the next sequence number, as v2.
        jdbc.update("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                SELECT ?, aggregate_identifier, sequence_number + 1, type, time_stamp, payload_type, payload_revision,
                    convert_to(replace(convert_from(payload, 'UTF8'), '"v1"', '"v2"'), 'UTF8'), meta_data
                FROM domain_event_entry WHERE aggregate_identifier = ?
                ORDER BY sequence_number DESC LIMIT 1""", UUID.randomUUID().toString(), stream);
        int events = eventsIn(stream);
        assertThat((Object) cache.get(stream)).as("an entry behind the stream's head is not used").isNull();

        // The cached state does not know v2; judged on it, this would append a second v2 (and fail on the
        // store's unique key). Read again, the aggregate knows v2 with this digest: an idempotent no-op.
        registerVersion(name, "v2", DIGEST_A).path("registerDatasetVersion.receipt.changed").entity(Boolean.class)
                .isEqualTo(false);
        assertThat(eventsIn(stream)).isEqualTo(events);

        // And a different digest under v2 is refused by the rule, not by a storage conflict.
        registerVersion(name, "v2", DIGEST_B).errors().satisfy(errors -> assertThat(errors).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("v2")));
    }
}
