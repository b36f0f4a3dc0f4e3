package io.custody.command.ingest;

import io.custody.command.store.StreamPositions;
import io.custody.jdbc.OptimisticInsert;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends facts that have no invariant beyond "recorded once" (predictions, outcomes) straight to the
 * event store, a whole batch in one transaction: no aggregate needs loading, which is what lets a batch of
 * thousands commit in milliseconds. A batch is one event; its facts' keys, recorded in the same
 * transaction, are the idempotency guard ({@link #appendKeyed}).
 */
@Component
public class StreamAppender {

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final StreamPositions positions;
    private final ReentrantLock appendLock = new ReentrantLock();

    public StreamAppender(EventStore eventStore, TransactionManager transactionManager, JdbcTemplate jdbc,
                          @Qualifier("eventSerializer") Serializer serializer, StreamPositions positions) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.positions = positions;
    }

    /** The key table that keeps one kind of batched fact unique per deployment (V31__create_prediction_keys.sql). */
    public enum KeyTable {
        /** A request id is predicted once per deployment. */
        PREDICTION("prediction_key", null),
        /** An outcome is recorded once per prediction, and only for a recorded prediction. */
        OUTCOME("outcome_key", "prediction_key");

        private final String table;
        private final String requires;

        KeyTable(String table, String requires) {
            this.table = table;
            this.requires = requires;
        }
    }

    /** What a keyed append did: the request ids it recorded, and those it did not because their key was taken. */
    public record KeyedAppend(Set<String> recorded, Set<String> taken) {
    }

    /**
     * One event of a keyed append: its identifier, the request ids it may record, the event for all of them
     * (serialized ahead, used when none is taken) and how to build it for those actually recorded.
     */
    public record KeyedEvent(UUID eventId, List<String> requestIds, DomainEventMessage<?> prepared,
                             Function<Set<String>, DomainEventMessage<?>> eventFor) {
    }

    /**
     * Records the keys of a batch and the events that carry its new facts, in one transaction: first, event by
     * event, every key not yet taken (each event's in key order; the caller gives events in key order when
     * there are several, so concurrent writers on other instances wait for each other instead of
     * deadlocking; a key another transaction holds waits for its outcome), then the events, built from the
     * keys actually recorded. Keys whose {@link KeyTable#OUTCOME} requirement is missing are neither recorded
     * nor taken.
     */
    public KeyedAppend appendKeyed(KeyTable keys, String environment, String service, List<KeyedEvent> batch) {
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(transactionManager);
        KeyedAppend[] result = new KeyedAppend[1];
        uow.execute(() -> {
            Set<String> recorded = new HashSet<>();
            Set<String> taken = new HashSet<>();
            List<DomainEventMessage<?>> events = new ArrayList<>();
            for (KeyedEvent event : batch) {
                String[] sorted = event.requestIds().stream().sorted().toArray(String[]::new);
                Set<String> mine = insertKeys(keys, environment, service, event.eventId(), sorted);
                if (mine.size() < sorted.length) {
                    // Not recorded: its key was taken, or (outcomes) the key it requires is missing.
                    List<String> others = Arrays.stream(sorted).filter(id -> !mine.contains(id)).toList();
                    taken.addAll(keys.requires == null ? others : existing(keys.requires, environment, service, others));
                }
                if (!mine.isEmpty()) {
                    events.add(serialize(mine.size() == sorted.length ? event.prepared() : event.eventFor().apply(mine)));
                }
                recorded.addAll(mine);
            }
            result[0] = new KeyedAppend(recorded, taken);
            if (events.isEmpty()) {
                return;
            }
            // One batch at a time from this instance: concurrent batches would draw positions from the shared
            // sequence alternately, and every processor would then track gaps until both commit (token
            // bookkeeping measured at several percent of the server's CPU). The key inserts above ran outside
            // the lock: only the append and the commit are serialized.
            appendLock.lock();
            CurrentUnitOfWork.get().onCleanup(u -> appendLock.unlock());
            eventStore.publish(events);
        });
        return result[0];
    }

    private Set<String> insertKeys(KeyTable keys, String environment, String service, UUID eventId, String[] sorted) {
        String requirement = keys.requires == null ? "" : " WHERE EXISTS (SELECT 1 FROM " + keys.requires
                + " p WHERE p.environment = ? AND p.service = ? AND p.request_id = r)";
        String insert = "INSERT INTO " + keys.table + " (environment, service, request_id, event_id) "
                + "SELECT ?, ?, r, ? FROM unnest(?::varchar[]) AS r" + requirement + " ORDER BY r";
        // A batch's keys are almost always new: a re-sent batch is the exception that pays for the ON CONFLICT form.
        return OptimisticInsert.run(jdbc, insert + " RETURNING request_id",
                insert + " ON CONFLICT DO NOTHING RETURNING request_id",
                (c, sql) -> insertKeys(c, sql, keys, environment, service, eventId, sorted));
    }

    private static Set<String> insertKeys(Connection c, String sql, KeyTable keys, String environment, String service,
                                          UUID eventId, String[] sorted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, environment);
            ps.setString(2, service);
            ps.setObject(3, eventId);
            ps.setArray(4, c.createArrayOf("varchar", sorted));
            if (keys.requires != null) {
                ps.setString(5, environment);
                ps.setString(6, service);
            }
            Set<String> recorded = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recorded.add(rs.getString(1));
                }
            }
            return recorded;
        }
    }

    private Set<String> existing(String table, String environment, String service, List<String> requestIds) {
        Set<String> found = new HashSet<>();
        jdbc.query("SELECT request_id FROM " + table + " WHERE environment = ? AND service = ? AND request_id = ANY(?)",
                ps -> {
                    ps.setString(1, environment);
                    ps.setString(2, service);
                    ps.setArray(3, ps.getConnection().createArrayOf("varchar", requestIds.toArray()));
                },
                rs -> {
                    found.add(rs.getString(1));
                });
        return found;
    }

    /** Serializes ahead (a message keeps its serialized form), so the append lock covers only insert and commit. */
    public DomainEventMessage<?> serialize(DomainEventMessage<?> event) {
        event.serializePayload(serializer, byte[].class);
        event.serializeMetaData(serializer, byte[].class);
        return event;
    }

    /** The global position of the newest event in the store. */
    public long head() {
        return positions.globalHead();
    }
}
