package io.custody.query.history;

import io.custody.meta.Metadata;
import io.custody.query.store.StoredEventSource;
import io.custody.query.store.StoredEventSource.Column;
import io.custody.query.support.BatchBuffer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code rm_audit_trail}: one row per event of every stream, with who, when (both times), where it
 * sits and why (correlation and causation). It sees every event of the log, predictions included, so its
 * handler deserializes nothing: it notes the event identifier, and before the batch commits (with its
 * token) one {@code INSERT … SELECT} copies the batch's rows out of the stored events
 * ({@link StoredEventSource}), reading the metadata JSON in PostgreSQL. The metadata keys are Custody's
 * own ({@link Metadata}), written by every path that appends. Rows are keyed by position and inserted once: a replay changes nothing.
 */
@Component
@ProcessingGroup(AuditTrailProjection.GROUP)
class AuditTrailProjection {

    static final String GROUP = "audit-trail";

    private static final String PENDING = AuditTrailProjection.class.getName() + ".pending";

    private final JdbcTemplate jdbc;
    private final String copySql;

    AuditTrailProjection(JdbcTemplate jdbc, StoredEventSource store) {
        this.jdbc = jdbc;
        this.copySql = copyStatement(store);
    }

    // The type is the payload class's simple name; a reported time that is not an ISO-8601 instant with
    // an offset is left out rather than failing the batch (as the Java parse did).
    private static String copyStatement(StoredEventSource store) {
        return """
                WITH src AS (%s),
                ins AS (
                    INSERT INTO rm_audit_trail (position, event_id, stream, sequence, type, recorded_at, event_time,
                                                actor, source_system, correlation_id, causation_id, client_event_id)
                    SELECT position, event_id, stream, sequence, regexp_replace(payload_type, '^.*[.$]', ''),
                           recorded_at,
                           CASE WHEN metadata->>'%s' ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$'
                                THEN (metadata->>'%s')::timestamptz END,
                           metadata->>'%s', metadata->>'%s', metadata->>'%s', metadata->>'%s', metadata->>'%s'
                      FROM src
                     ORDER BY position
                    ON CONFLICT (position) DO NOTHING
                )
                SELECT count(*) FROM src""".formatted(
                store.byEventIds(Column.POSITION, Column.EVENT_ID, Column.STREAM, Column.SEQUENCE, Column.PAYLOAD_TYPE,
                        Column.RECORDED_AT, Column.METADATA),
                Metadata.EVENT_TIME, Metadata.EVENT_TIME, Metadata.ACTOR, Metadata.SOURCE_SYSTEM,
                Metadata.CORRELATION_ID, Metadata.CAUSATION_ID, Metadata.CLIENT_EVENT_ID);
    }

    // No payload parameter: naming it would deserialize every event of the log just to drop it.
    @EventHandler
    void on(EventMessage<?> message) {
        pending().add(message.getIdentifier());
    }

    private List<String> pending() {
        return BatchBuffer.of(PENDING, ArrayList::new, this::copy);
    }

    private void copy(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        Long found = jdbc.query(copySql, ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", eventIds.toArray())),
                rs -> rs.next() ? rs.getLong(1) : 0L);
        if (found == null || found != eventIds.size()) {
            throw new IllegalStateException("audit trail: of " + eventIds.size() + " events of this batch " + found
                    + " were found in the event store");
        }
    }
}
