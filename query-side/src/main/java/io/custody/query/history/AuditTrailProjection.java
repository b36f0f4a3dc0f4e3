package io.custody.query.history;

import io.custody.meta.Metadata;
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
 * token) one {@code INSERT … SELECT} copies the batch's rows out of the event table, reading the metadata
 * JSON in PostgreSQL. The metadata keys are Custody's own ({@link Metadata}), written by every path that
 * appends. Rows are keyed by position and inserted once: a replay changes nothing.
 */
@Component
@ProcessingGroup(AuditTrailProjection.GROUP)
class AuditTrailProjection {

    static final String GROUP = "audit-trail";

    private static final String PENDING = AuditTrailProjection.class.getName() + ".pending";

    // The type is the payload class's simple name; a reported time that is not an ISO-8601 instant with
    // an offset is left out rather than failing the batch (as the Java parse did). domain_event_entry is
    // unqualified: a rebuild's search path finds it in public.
    private static final String COPY = """
            WITH src AS (
                SELECT global_index, event_identifier, aggregate_identifier, sequence_number, payload_type,
                       time_stamp, convert_from(meta_data, 'UTF8')::jsonb AS m
                  FROM domain_event_entry
                 WHERE event_identifier = ANY(?)
            ), ins AS (
                INSERT INTO rm_audit_trail (position, event_id, stream, sequence, type, recorded_at, event_time,
                                            actor, source_system, correlation_id, causation_id, client_event_id)
                SELECT global_index, event_identifier, aggregate_identifier, sequence_number,
                       regexp_replace(payload_type, '^.*[.$]', ''), time_stamp::timestamptz,
                       CASE WHEN m->>'%s' ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$'
                            THEN (m->>'%s')::timestamptz END,
                       m->>'%s', m->>'%s', m->>'%s', m->>'%s', m->>'%s'
                  FROM src
                 ORDER BY global_index
                ON CONFLICT (position) DO NOTHING
            )
            SELECT count(*) FROM src""".formatted(Metadata.EVENT_TIME, Metadata.EVENT_TIME, Metadata.ACTOR,
            Metadata.SOURCE_SYSTEM, Metadata.CORRELATION_ID, Metadata.CAUSATION_ID, Metadata.CLIENT_EVENT_ID);

    private final JdbcTemplate jdbc;

    AuditTrailProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        Long found = jdbc.query(COPY, ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", eventIds.toArray())),
                rs -> rs.next() ? rs.getLong(1) : 0L);
        if (found == null || found != eventIds.size()) {
            throw new IllegalStateException("audit trail: of " + eventIds.size() + " events of this batch " + found
                    + " were found in the event store");
        }
    }
}
