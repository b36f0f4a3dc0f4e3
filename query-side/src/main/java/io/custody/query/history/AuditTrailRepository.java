package io.custody.query.history;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit trail a page at a time, ordered by global position. Only the conditions asked for are
 * in the SQL, so the planner can walk the index of the one that narrows most (time, actor or type) or the
 * primary key from the cursor on; a page costs its size, not the length of the log.
 */
@Repository
public class AuditTrailRepository {

    static final String COLUMNS = "a.position, a.event_id, a.stream, a.sequence, a.type, a.recorded_at, a.event_time, "
            + "a.actor, a.source_system, a.correlation_id, a.causation_id, a.client_event_id";

    private static final RowMapper<AuditEntryView> ROW = (rs, i) -> new AuditEntryView(rs.getLong("position"),
            rs.getString("event_id"), rs.getString("stream"), (Long) rs.getObject("sequence"), rs.getString("type"),
            rs.getObject("recorded_at", OffsetDateTime.class), rs.getObject("event_time", OffsetDateTime.class),
            rs.getString("actor"), rs.getString("source_system"), rs.getString("correlation_id"),
            rs.getString("causation_id"), rs.getString("client_event_id"));

    private final JdbcTemplate jdbc;

    AuditTrailRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The entries after position {@code after} that match, oldest first, at most {@code limit}. */
    public List<AuditEntryView> page(AuditTrailFilter filter, long after, int limit) {
        List<Object> args = new ArrayList<>(List.of(after));
        String where = filter.where(args);
        args.add(limit);
        return jdbc.query("SELECT " + COLUMNS + " FROM rm_audit_trail a WHERE a.position > ? AND " + where
                + " ORDER BY a.position LIMIT ?", ROW, args.toArray());
    }
}
