package io.custody.command.api;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The newest sequence number of each stream a unit of work is about to touch, read with one query in its
 * transaction before its commands run. Loading an aggregate otherwise costs a query of its own: the cache's
 * check that an entry is current, or, for a stream that does not exist yet, a read that finds nothing.
 * A writer that appends to one of these streams after the read makes this unit of work's append collide on
 * the stream's sequence key, as it would have without the read: the ingest retries.
 */
public final class StreamHeads {

    private static final String RESOURCE = StreamHeads.class.getName();
    /** The head of a stream that holds no event. */
    public static final long EMPTY = -1;

    private StreamHeads() {
    }

    /** Reads the heads of {@code streams} and keeps them for the commands of {@code uow}. */
    public static void read(JdbcTemplate jdbc, UnitOfWork<?> uow, Collection<String> streams) {
        Map<String, Long> heads = new HashMap<>();
        streams.forEach(s -> heads.put(s, EMPTY));
        heads.putAll(newest(jdbc, streams, Column.SEQUENCE));
        uow.root().resources().put(RESOURCE, heads);
    }

    /** What {@link #newest} reads of each stream's newest event. */
    public enum Column {
        /** Its sequence number in the stream. */
        SEQUENCE("sequence_number"),
        /** Its global position in the store. */
        POSITION("global_index");

        private final String name;

        Column(String name) {
            this.name = name;
        }
    }

    /**
     * The {@code column} of each stream's newest event, for the streams among {@code streams} that hold one.
     * One backward probe of the (stream, sequence) index per stream. The obvious
     * "WHERE aggregate_identifier = ANY (?) GROUP BY" form reads every event of every stream, and the planner,
     * judging the array against skewed statistics (a few long dataset streams, many short run streams), chose
     * scans of the whole table under ingest: 111 ms a call at 120,000 events, PostgreSQL's busiest statement
     * (docs/benchmarks.md).
     */
    public static Map<String, Long> newest(JdbcTemplate jdbc, Collection<String> streams, Column column) {
        Map<String, Long> out = new HashMap<>();
        if (streams.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT s.id, (SELECT e." + column.name + " FROM domain_event_entry e"
                        + " WHERE e.aggregate_identifier = s.id ORDER BY e.sequence_number DESC LIMIT 1)"
                        + " FROM unnest(?::varchar[]) AS s (id)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", streams.toArray())),
                rs -> {
                    long value = rs.getLong(2);
                    if (!rs.wasNull()) {
                        out.put(rs.getString(1), value);
                    }
                });
        return out;
    }

    /**
     * The head read for {@code stream} at the start of the current unit of work, if it was read. A stream is
     * loaded once per unit of work (Axon keeps the loaded aggregate for the rest of it), so the head read
     * before the first load is the one that matters.
     */
    public static Optional<Long> known(String stream) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        Map<String, Long> heads = CurrentUnitOfWork.get().root().getResource(RESOURCE);
        return heads == null ? Optional.empty() : Optional.ofNullable(heads.get(stream));
    }

    /** Whether {@code stream} was read as holding no event at the start of the current unit of work. */
    public static boolean knownEmpty(String stream) {
        return known(stream).map(head -> head == EMPTY).orElse(false);
    }
}
