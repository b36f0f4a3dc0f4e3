package io.custody.infra.audit;

import io.custody.infra.audit.AuditFixture.Row;
import io.custody.infra.cli.Cli;
import io.custody.infra.support.FreshServer;
import io.custody.infra.support.TestServices;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A superuser disables the append-only trigger and changes history; verify names the first change by
 * position, stream and sequence. Each test runs a server on a database of its own, so tampering never
 * reaches another test.
 */
class TamperEvidenceTest {

    private static final String VERIFY = """
            query($from: Long, $to: Long) { verify(from: $from, to: $to) {
              from to ok head sealedThrough events gaps unsealed checkpoints problemCount tookMillis eventsPerSecond keyId
              firstProblem { kind position stream sequence eventId detail }
              problems { kind position stream sequence eventId detail }
              latestCheckpoint { position firstPosition lastPosition events gaps merkleRoot chainHead } } }""";

    /**
     * Verifies over GraphQL, and checks that verifying in small parallel chunks (at most four, at checkpoint
     * boundaries) finds exactly the same.
     */
    static Verification verify(FreshServer server, Long from, Long to) {
        Verification v = server.graphQl().document(VERIFY).variable("from", from).variable("to", to).execute()
                .path("verify").entity(Verification.class).get();
        Verification chunked = new Verifier(server.bean(javax.sql.DataSource.class), server.bean(AuditKey.class),
                server.bean(com.fasterxml.jackson.databind.ObjectMapper.class), 4, 2).verify(from, to);
        assertThat(chunked).usingRecursiveComparison().ignoringFields("tookMillis", "eventsPerSecond").isEqualTo(v);
        return v;
    }

    @Test
    void an_untouched_store_verifies_with_its_checkpoints_over_graphql_and_the_command_line() {
        try (FreshServer server = FreshServer.start(AuditFixture.FAST_SEALING)) {
            AuditFixture audit = new AuditFixture(server);
            audit.history(5);
            audit.awaitSealed();
            long head = audit.scalar("SELECT max(global_index) FROM domain_event_entry");

            Verification all = verify(server, null, null);
            assertThat(all.ok()).isTrue();
            assertThat(all.problems()).isEmpty();
            assertThat(all.from()).isEqualTo(1);
            assertThat(all.to()).isEqualTo(head);
            assertThat(all.sealedThrough()).isEqualTo(head);
            assertThat(all.events()).isEqualTo(head);
            assertThat(all.checkpoints()).isGreaterThanOrEqualTo(2);
            assertThat(all.latestCheckpoint()).isNotNull();
            assertThat(all.eventsPerSecond()).isPositive();

            Verification part = verify(server, 3L, 6L);
            assertThat(part.ok()).isTrue();
            assertThat(part.from()).isEqualTo(3);
            assertThat(part.to()).isEqualTo(6);
            assertThat(part.events()).isEqualTo(4);

            Map<String, Object> props = server.properties();
            String[] connection = {"--custody.embedded.enabled=false", "--spring.datasource.url=" + props.get("spring.datasource.url"),
                    "--spring.datasource.username=" + props.get("spring.datasource.username"),
                    "--spring.datasource.password=" + props.get("spring.datasource.password")};
            Cli.Result ok = cli(connection, "--from=1", "--custody.audit.key=" + props.get("custody.audit.key"));
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("verified positions 1.." + head).contains("OK: every sealed position matches");

            // Whoever lacks the key cannot produce seals that verify: with another key, nothing does.
            Cli.Result otherKey = cli(connection, "--custody.audit.key=" + TestServices.newAuditKey());
            assertThat(otherKey.exitCode()).isEqualTo(1);
            assertThat(otherKey.out()).contains("SEAL_ALTERED at position 1");
        }
    }

    @Test
    void an_altered_payload_is_named_by_position_stream_and_sequence() {
        try (FreshServer server = FreshServer.start(AuditFixture.FAST_SEALING)) {
            AuditFixture audit = new AuditFixture(server);
            audit.history(3);
            audit.awaitSealed();
            Row version = audit.datasetEvents().get(3);

            audit.tamper("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                    + "'s3://lake', 's3://elsewhere'), 'UTF8') WHERE global_index = " + version.position());

            Verification v = verify(server, null, null);
            assertThat(v.ok()).isFalse();
            assertThat(v.problemCount()).isEqualTo(1);
            assertProblem(v.firstProblem(), ProblemKind.ALTERED, version);
            assertThat(v.firstProblem().eventId()).isNotBlank();
        }
    }

    @Test
    void a_deleted_event_is_named_from_its_seal() {
        try (FreshServer server = FreshServer.start(AuditFixture.FAST_SEALING)) {
            AuditFixture audit = new AuditFixture(server);
            audit.history(3);
            audit.awaitSealed();
            Row registered = audit.datasetEvents().get(2);

            audit.tamper("DELETE FROM domain_event_entry WHERE global_index = " + registered.position());

            Verification v = verify(server, null, null);
            assertThat(v.ok()).isFalse();
            assertThat(v.problemCount()).isEqualTo(1);
            assertProblem(v.firstProblem(), ProblemKind.MISSING, registered);
        }
    }

    @Test
    void two_swapped_payloads_are_each_named_as_moved_to_the_other() {
        try (FreshServer server = FreshServer.start(AuditFixture.FAST_SEALING)) {
            AuditFixture audit = new AuditFixture(server);
            audit.history(3);
            audit.awaitSealed();
            List<Row> events = audit.datasetEvents();
            Row a = events.get(1);
            Row b = events.get(5);

            audit.tamper("UPDATE domain_event_entry e SET payload = o.payload FROM domain_event_entry o "
                    + "WHERE (e.global_index, o.global_index) IN ((" + a.position() + ", " + b.position() + "), ("
                    + b.position() + ", " + a.position() + "))");

            Verification v = verify(server, null, null);
            assertThat(v.ok()).isFalse();
            assertThat(v.problemCount()).isEqualTo(2);
            assertProblem(v.problems().get(0), ProblemKind.REORDERED, a);
            assertThat(v.problems().get(0).detail()).contains("payload", "position " + b.position());
            assertProblem(v.problems().get(1), ProblemKind.REORDERED, b);
            assertThat(v.problems().get(1).detail()).contains("payload", "position " + a.position());
        }
    }

    @Test
    void a_forged_event_in_a_sealed_gap_is_named_as_inserted() {
        try (FreshServer server = FreshServer.start(AuditFixture.FAST_SEALING)) {
            AuditFixture audit = new AuditFixture(server);
            audit.history(2);
            // A position no transaction will ever commit, as a rolled-back append leaves behind.
            long gap = audit.scalar("SELECT nextval('domain_event_entry_global_index_seq')");
            audit.history(1);
            audit.awaitSealed();
            Verification before = verify(server, null, null);
            assertThat(before.ok()).isTrue();
            assertThat(before.gaps()).isEqualTo(1);

            Row template = audit.datasetEvents().get(0);
            audit.tamper("INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, "
                    + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                    + "SELECT " + gap + ", 'forged-1', 'dataset:forged/x', 0, type, time_stamp, payload_type, "
                    + "payload_revision, payload, meta_data FROM domain_event_entry WHERE global_index = "
                    + template.position());

            Verification v = verify(server, null, null);
            assertThat(v.ok()).isFalse();
            assertThat(v.problemCount()).isEqualTo(1);
            assertProblem(v.firstProblem(), ProblemKind.INSERTED,
                    new Row(gap, "dataset:forged/x", 0, template.payloadType()));
            assertThat(v.firstProblem().eventId()).isEqualTo("forged-1");
        }
    }

    @Test
    void an_edited_seal_and_a_row_removed_with_its_seal_are_both_named() {
        try (FreshServer server = FreshServer.start(AuditFixture.FAST_SEALING)) {
            AuditFixture audit = new AuditFixture(server);
            audit.history(4);
            audit.awaitSealed();
            List<Row> events = audit.datasetEvents();
            Row resealed = events.get(1);
            Row erased = events.get(6);

            // Alter an event and recompute its content digest, as one could without the key; and remove
            // another event together with its seal.
            audit.tamper("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                            + "'team-a', 'team-b'), 'UTF8') WHERE global_index = " + resealed.position(),
                    "UPDATE event_seal SET content = sha256(content) WHERE global_index = " + resealed.position(),
                    "DELETE FROM domain_event_entry WHERE global_index = " + erased.position(),
                    "DELETE FROM event_seal WHERE global_index = " + erased.position());

            Verification v = verify(server, null, null);
            assertThat(v.ok()).isFalse();
            assertThat(v.problems()).extracting(IntegrityProblem::kind, IntegrityProblem::position)
                    .startsWith(org.assertj.core.groups.Tuple.tuple(ProblemKind.SEAL_ALTERED, resealed.position()));
            assertThat(v.problems()).extracting(IntegrityProblem::kind, IntegrityProblem::position)
                    .contains(org.assertj.core.groups.Tuple.tuple(ProblemKind.MISSING, erased.position()));
        }
    }

    private static void assertProblem(IntegrityProblem problem, ProblemKind kind, Row row) {
        assertThat(problem.kind()).isEqualTo(kind);
        assertThat(problem.position()).isEqualTo(row.position());
        assertThat(problem.stream()).isEqualTo(row.stream());
        assertThat(problem.sequence()).isEqualTo(row.sequence());
    }

    private static Cli.Result cli(String[] connection, String... args) {
        String[] all = new String[1 + connection.length + args.length];
        all[0] = "verify";
        System.arraycopy(connection, 0, all, 1, connection.length);
        System.arraycopy(args, 0, all, 1 + connection.length, args.length);
        return Cli.capture(all);
    }
}
