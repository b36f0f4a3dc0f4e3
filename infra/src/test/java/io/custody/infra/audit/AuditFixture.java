package io.custody.infra.audit;

import io.custody.infra.support.FreshServer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Writes a small history through GraphQL, waits for it to be sealed, and tampers with it as a superuser. */
final class AuditFixture {

    /** Small checkpoints and no waiting, so a test sees everything sealed and checkpointed within seconds. */
    static final Map<String, Object> FAST_SEALING = Map.of(
            "custody.audit.checkpoints.every", "4",
            "custody.audit.sealer.gap-grace", "0s",
            "custody.audit.sealer.poll-interval", "50ms");

    static final String DIGEST = "sha256:" + "a".repeat(64);

    /** One stored row, as the tests need to name it. */
    record Row(long position, String stream, long sequence, String payloadType) {
    }

    private final FreshServer server;

    AuditFixture(FreshServer server) {
        this.server = server;
    }

    /** Registers {@code count} datasets with one version each: two events per dataset. */
    void history(int count) {
        for (int i = 0; i < count; i++) {
            String name = "audit/ds-" + UUID.randomUUID().toString().substring(0, 8);
            server.graphQl().document("mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { receipt { position } } }")
                    .variable("i", Map.of("name", name, "owner", "team-a")).execute()
                    .path("registerDataset.receipt.position").hasValue();
            server.graphQl().document("mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) "
                            + "{ receipt { position } } }")
                    .variable("i", Map.of("dataset", name, "version", "v1", "digest", DIGEST,
                            "location", "s3://lake/" + name + "/v1")).execute()
                    .path("registerDatasetVersion.receipt.position").hasValue();
        }
    }

    /** The dataset events in the store, oldest first (checkpoints left out). */
    List<Row> datasetEvents() {
        return jdbc().query("SELECT global_index, aggregate_identifier, sequence_number, payload_type FROM domain_event_entry "
                        + "WHERE aggregate_identifier LIKE 'dataset:%' ORDER BY global_index",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
    }

    /** Waits until every position is sealed and the sealer has nothing more to append. */
    void awaitSealed() {
        await("the sealer seals the whole log").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .during(Duration.ofMillis(400))
                .until(() -> scalar("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")
                        == scalar("SELECT coalesce(max(global_index), 0) FROM event_seal"));
    }

    /** Runs statements with the append-only triggers off, as a superuser who wanted to change history would. */
    void tamper(String... statements) {
        JdbcTemplate jdbc = jdbc();
        jdbc.execute("ALTER TABLE domain_event_entry DISABLE TRIGGER ALL");
        jdbc.execute("ALTER TABLE event_seal DISABLE TRIGGER ALL");
        try {
            for (String statement : statements) {
                jdbc.execute(statement);
            }
        } finally {
            jdbc.execute("ALTER TABLE domain_event_entry ENABLE TRIGGER ALL");
            jdbc.execute("ALTER TABLE event_seal ENABLE TRIGGER ALL");
        }
    }

    long scalar(String sql) {
        return jdbc().queryForObject(sql, Long.class);
    }

    JdbcTemplate jdbc() {
        return server.jdbc();
    }
}
