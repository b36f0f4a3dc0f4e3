package io.custody.command.ingest;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends facts that have no invariant beyond "recorded once" (predictions, outcomes) straight to the
 * event store, a whole batch in one transaction. Each fact is event {@code n} of its own stream, so the
 * store's unique (stream, sequence) key is the idempotency guard: no aggregate needs loading, which is
 * what lets a batch of thousands commit in milliseconds.
 */
@Component
public class StreamAppender {

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final ReentrantLock appendLock = new ReentrantLock();

    public StreamAppender(EventStore eventStore, TransactionManager transactionManager, JdbcTemplate jdbc,
                          @Qualifier("eventSerializer") Serializer serializer) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** For each stream, the highest sequence number it already holds. Streams absent from the map are empty. */
    public Map<String, Long> lastSequences(Collection<String> streams) {
        Map<String, Long> out = new HashMap<>();
        if (streams.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT aggregate_identifier, max(sequence_number) FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ANY(?) GROUP BY aggregate_identifier",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", streams.toArray())),
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    /**
     * Appends all events in one transaction. Throws {@link ConcurrencyException} when another writer
     * appended one of the same (stream, sequence) pairs first; the caller re-checks and retries.
     */
    public void append(List<? extends DomainEventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        // Serialized outside the lock (a message keeps its serialized form), so the lock covers only the
        // insert and the commit.
        for (DomainEventMessage<?> event : events) {
            event.serializePayload(serializer, byte[].class);
            event.serializeMetaData(serializer, byte[].class);
        }
        // One batch at a time from this instance: concurrent batches would draw positions from the shared
        // sequence alternately, and every processor would then track hundreds of gaps per batch until
        // both commit (token bookkeeping measured at several percent of the server's CPU). In turn, each
        // batch gets a contiguous run of positions and commits before the next one starts.
        appendLock.lock();
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(transactionManager);
        try {
            uow.execute(() -> eventStore.publish(events));
        } catch (ConcurrencyException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof ConcurrencyException c) {
                throw c;
            }
            throw e;
        } finally {
            appendLock.unlock();
        }
    }

    /** The global position of the newest event in the store. */
    public long head() {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }
}
