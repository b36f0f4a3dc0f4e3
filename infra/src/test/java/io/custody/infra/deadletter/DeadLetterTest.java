package io.custody.infra.deadletter;

import io.custody.events.dataset.DatasetRegistered;
import io.custody.infra.support.IntegrationTest;
import io.custody.infra.support.StoredEvents;
import io.custody.meta.Metadata;
import io.custody.meta.Streams;
import io.custody.values.DatasetName;
import io.custody.values.TeamName;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.custody.infra.support.GraphQlErrorsAssert.oneError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A read model that fails on one event sets it aside and goes on (issue 13): an event whose source system (1,000
 * characters, more than any header the API accepts) the audit trail's column cannot hold.
 */
class DeadLetterTest extends IntegrationTest {

    static final String AUDIT = "audit-trail";
    static final String LETTERS = """
            query($p: String!) {
              deadLetters(processor: $p, first: 500) {
                count
                letters { processor eventId eventType stream sequence position recordedAt enqueuedAt
                          errorClass errorMessage attempts }
              }
            }""";
    static final String RETRY = """
            mutation($p: String!) { retryDeadLetters(processor: $p) { processor retried succeeded remaining } }""";

    @Autowired
    EventStore eventStore;

    @Autowired
    TransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void an_event_the_audit_trail_cannot_hold_is_set_aside_and_the_trail_goes_on() {
        String poison = appendWithSource("s".repeat(1000));

        // The next mutation answers (its read-your-writes does not wait on the failing event) and is projected.
        String next = uniqueName();
        register(next);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(auditRows(Streams.dataset(DatasetName.of(next)))).isEqualTo(1));
        assertThat(auditRows(poison)).isZero();

        Map<String, Object> letter = awaitLetter(poison);
        assertThat(letter).containsEntry("processor", AUDIT).containsEntry("eventType", "DatasetRegistered")
                .containsEntry("sequence", 0).containsEntry("attempts", 1);
        assertThat(letter.get("position")).isNotNull();
        assertThat(letter.get("enqueuedAt")).isNotNull();
        assertThat((String) letter.get("errorClass")).isEqualTo("org.springframework.dao.DataIntegrityViolationException");
        assertThat((String) letter.get("errorMessage")).contains("value too long");
        // Only the group that failed set it aside: the dataset read model has it.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_dataset WHERE name = ?", Integer.class,
                poison.substring(Streams.DATASET.length()))).isEqualTo(1);
    }

    @Test
    void the_good_neighbours_of_a_poison_event_in_one_batch_are_kept() {
        String before = uniqueName();
        String poison = uniqueName();
        String after = uniqueName();
        // One transaction: adjacent positions, which the audit trail takes in one batch.
        StoredEvents.append(eventStore, transactions, List.of(registration(before, "billing"),
                registration(poison, "p".repeat(1000)), registration(after, "billing")));

        String poisonStream = Streams.dataset(DatasetName.of(poison));
        awaitLetter(poisonStream);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(auditRows(Streams.dataset(DatasetName.of(before)))).isEqualTo(1);
            assertThat(auditRows(Streams.dataset(DatasetName.of(after)))).isEqualTo(1);
        });
        assertThat(auditRows(poisonStream)).isZero();
        assertThat(letter(Streams.dataset(DatasetName.of(before)))).isNull();
        assertThat(letter(Streams.dataset(DatasetName.of(after)))).isNull();
    }

    @Test
    void health_and_the_projections_endpoint_count_the_dead_letters_and_readiness_stays_up() {
        String poison = appendWithSource("h".repeat(1000));
        awaitLetter(poison);

        http().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.deadLetters.status").isEqualTo("UP")
                .jsonPath("$.components.deadLetters.details['" + AUDIT + "']").value(Number.class,
                        count -> assertThat(count.longValue()).isPositive())
                .jsonPath("$.components.deadLetters.details['dataset-read-model']").isEqualTo(0);
        http().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.deadLetters.details['" + AUDIT + "']").value(Number.class,
                        count -> assertThat(count.longValue()).isPositive());
        http().get().uri("/actuator/projections").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.projections[?(@.name == '" + AUDIT + "')].deadLetters").value(List.class,
                        counts -> assertThat(((Number) counts.get(0)).longValue()).isPositive());
    }

    @Test
    void a_retry_that_fails_again_keeps_the_letter_and_a_retry_after_the_fix_projects_it() {
        String poison = appendWithSource("r".repeat(1000));
        awaitLetter(poison);

        GraphQlTester.Response failed = admin().document(RETRY).variable("p", AUDIT).execute();
        failed.path("retryDeadLetters.retried").entity(Long.class).satisfies(n -> assertThat(n).isPositive());
        failed.path("retryDeadLetters.remaining").entity(Long.class).satisfies(n -> assertThat(n).isPositive());
        assertThat(letter(poison)).containsEntry("attempts", 2);
        assertThat((String) letter(poison).get("errorMessage")).contains("value too long");

        // The operator's fix: a column wide enough. Then the retry applies it, and the letter is gone.
        String type = jdbc.queryForObject("""
                SELECT format_type(atttypid, atttypmod) FROM pg_attribute
                 WHERE attrelid = 'rm_audit_trail'::regclass AND attname = 'source_system'""", String.class);
        jdbc.execute("ALTER TABLE rm_audit_trail ALTER COLUMN source_system TYPE text");
        try {
            admin().document(RETRY).variable("p", AUDIT).execute()
                    .path("retryDeadLetters.succeeded").entity(Long.class).satisfies(n -> assertThat(n).isPositive());
            assertThat(letter(poison)).isNull();
            assertThat(auditRows(poison)).isEqualTo(1);
        } finally {
            // The shared test database keeps its schema; the long values are cut to fit it again.
            int width = Integer.parseInt(type.replaceAll("\\D", ""));
            jdbc.execute("ALTER TABLE rm_audit_trail ALTER COLUMN source_system TYPE " + type
                    + " USING left(source_system, " + width + ")");
        }
    }

    @Test
    void an_unknown_processor_is_a_bad_request_naming_the_processors() {
        admin().document(LETTERS).variable("p", "no-such-group").execute().errors()
                .satisfy(oneError("BAD_REQUEST", "processor", "no-such-group", AUDIT, "search-index")
                        // The command side's lookups run in the appending transaction: a failure there fails the command.
                        .andThen(errors -> assertThat(errors.get(0).getMessage()).doesNotContain("command-lookups")));
    }

    /** Appends a dataset's registration as no endpoint would accept it; answers its stream. */
    String appendWithSource(String sourceSystem) {
        String name = uniqueName();
        StoredEvents.append(eventStore, transactions, List.of(registration(name, sourceSystem)));
        return Streams.dataset(DatasetName.of(name));
    }

    static GenericDomainEventMessage<DatasetRegistered> registration(String name, String sourceSystem) {
        return new GenericDomainEventMessage<>("Dataset", Streams.dataset(DatasetName.of(name)), 0,
                new DatasetRegistered(DatasetName.of(name), TeamName.of("risk-data"), "poison", Set.of()),
                MetaData.with(Metadata.ACTOR, "alice").and(Metadata.SOURCE_SYSTEM, sourceSystem));
    }

    Map<String, Object> awaitLetter(String stream) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> letter(stream), letter -> letter != null);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> letter(String stream) {
        List<Map<String, Object>> letters = admin().document(LETTERS).variable("p", AUDIT).execute()
                .path("deadLetters.letters").entityList(Map.class).get().stream()
                .map(m -> (Map<String, Object>) m).toList();
        return letters.stream().filter(l -> stream.equals(l.get("stream"))).findFirst().orElse(null);
    }

    int auditRows(String stream) {
        return jdbc.queryForObject("SELECT count(*) FROM rm_audit_trail WHERE stream = ?", Integer.class, stream);
    }

    void register(String name) {
        graphQl().document("""
                mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { receipt { position } } }""")
                .variable("input", Map.of("name", name, "owner", "risk-data")).execute()
                .path("registerDataset.receipt.position").entity(Long.class).satisfies(p -> assertThat(p).isPositive());
    }

    /** Dead letters are an admin's (AccessRules). */
    GraphQlTester admin() {
        return graphQl("admin");
    }

    static String uniqueName() {
        return "lending/poison-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
