package io.custody.infra.store;

import io.custody.command.store.StreamPositions;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The store adapter's positions, through Axon's own API: the head token and a stream's last sequence number
 * (each one index probe on the event table, the same statement as the hand-written SQL it replaces).
 */
@Component
public class AxonStorePositions implements StreamPositions {

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    public AxonStorePositions(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    @Override
    public long globalHead() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    @Override
    public Optional<Long> lastSequenceNumber(String stream) {
        return eventStore.lastSequenceNumberFor(stream);
    }

    @Override
    public Map<String, Long> newestSequences(Collection<String> streams) {
        return newest(streams, "sequence_number");
    }

    @Override
    public Map<String, Long> newestPositions(Collection<String> streams) {
        return newest(streams, "global_index");
    }

    /**
     * One backward probe of the (stream, sequence) index per stream, a measured hot path of ingest: Axon has
     * no many-stream form, and the obvious "WHERE aggregate_identifier = ANY (?) GROUP BY" lets the planner,
     * misled by skewed stream lengths, scan the whole table.
     */
    private Map<String, Long> newest(Collection<String> streams, String column) {
        Map<String, Long> out = new HashMap<>();
        if (streams.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT s.id, (SELECT e." + column + " FROM " + StoreSchema.EVENTS.domainEventTable() + " e"
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
}
