package io.custody.query.history;

import io.custody.meta.Metadata;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code rm_audit_trail}: one row per event of every stream, with who, when (both times), where it
 * sits and why (correlation and causation). Like the prediction read model it sees every event, so
 * handlers only buffer rows in the batch's unit of work, written with one JDBC batch before the batch
 * commits with its token. Rows are keyed by position and inserted once: a replay changes nothing.
 */
@Component
@ProcessingGroup(AuditTrailProjection.GROUP)
class AuditTrailProjection {

    static final String GROUP = "audit-trail";

    private static final String PENDING = AuditTrailProjection.class.getName() + ".pending";

    private static final String INSERT = """
            INSERT INTO rm_audit_trail (position, event_id, stream, sequence, type, recorded_at, event_time, actor,
                                        source_system, correlation_id, causation_id, client_event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (position) DO NOTHING""";

    private final JdbcTemplate jdbc;

    AuditTrailProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(long position, String eventId, String stream, Long sequence, String type,
                       OffsetDateTime recordedAt, OffsetDateTime eventTime, String actor, String sourceSystem,
                       String correlationId, String causationId, String clientEventId) {
    }

    // No payload parameter: the trail needs only the type and the metadata, and naming the payload would
    // deserialize every event of the log just to drop it.
    @EventHandler
    void on(EventMessage<?> message, TrackingToken token) {
        MetaData meta = message.getMetaData();
        String stream = message instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        Long sequence = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        String type = message.getPayloadType().getSimpleName();
        pending().add(new Row(EventPositions.of(token), message.getIdentifier(), stream, sequence, type,
                EventTimes.utc(message.getTimestamp()), EventTimes.reported(meta.get(Metadata.EVENT_TIME)),
                text(meta, Metadata.ACTOR), text(meta, Metadata.SOURCE_SYSTEM), text(meta, Metadata.CORRELATION_ID),
                text(meta, Metadata.CAUSATION_ID), text(meta, Metadata.CLIENT_EVENT_ID)));
    }

    private static String text(MetaData meta, String key) {
        Object value = meta.get(key);
        return value == null ? null : String.valueOf(value);
    }

    private List<Row> pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("audit rows are written inside an event handler's unit of work");
        }
        UnitOfWork<?> uow = CurrentUnitOfWork.get().root();
        return uow.getOrComputeResource(PENDING, k -> {
            List<Row> rows = new ArrayList<>();
            uow.onPrepareCommit(u -> {
                if (!rows.isEmpty()) {
                    jdbc.batchUpdate(INSERT, rows, rows.size(), AuditTrailProjection::bind);
                }
            });
            return rows;
        });
    }

    private static void bind(PreparedStatement ps, Row row) throws SQLException {
        ps.setLong(1, row.position());
        ps.setString(2, row.eventId());
        ps.setString(3, row.stream());
        ps.setObject(4, row.sequence());
        ps.setString(5, row.type());
        ps.setObject(6, row.recordedAt());
        ps.setObject(7, row.eventTime());
        ps.setString(8, row.actor());
        ps.setString(9, row.sourceSystem());
        ps.setString(10, row.correlationId());
        ps.setString(11, row.causationId());
        ps.setString(12, row.clientEventId());
    }
}
