package io.custody.query.support;

import io.custody.query.store.StoredEventSource;
import io.custody.query.store.StoredEventSource.Column;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The global position of the event a streaming processor hands to a handler.
 *
 * <p>The token alone does not say it. Writers commit out of position order (two batches in flight share
 * the sequence), so a processor meets an event that fills a gap after it has seen higher positions, and
 * Axon's token for that event carries the highest position seen, not the event's own. Keyed by that, two
 * events would share a position: the audit trail would drop one and a position-guarded upsert skip one.
 * So the first call in a processing batch reads the exact positions of all the batch's events by their
 * identifiers, one indexed query, and later calls answer from that.
 */
@Component
public class EventPositions {

    private static final String RESOURCE = EventPositions.class.getName() + ".batch";

    private final String lookupSql;

    EventPositions(StoredEventSource store) {
        this.lookupSql = store.byEventIds(Column.EVENT_ID, Column.POSITION);
    }

    /** The position of the event being handled, whose token is {@code token}. */
    public long of(TrackingToken token) {
        DataSource store = transactionDataSource();
        if (CurrentUnitOfWork.isStarted() && store != null) {
            UnitOfWork<?> uow = CurrentUnitOfWork.get();
            Message<?> message = uow.getMessage();
            UnitOfWork<?> root = uow.root();
            if (message instanceof EventMessage<?> && root instanceof BatchingUnitOfWork<?> batch) {
                Map<String, Long> exact = root.getOrComputeResource(RESOURCE,
                        k -> lookup(new JdbcTemplate(store), batch.getMessages()));
                Long position = exact.get(message.getIdentifier());
                if (position != null) {
                    return position;
                }
            }
        }
        // Outside a processor's batch (tests calling a handler directly) the token is all there is.
        return token.position().orElseThrow(() -> new IllegalStateException("token without position: " + token));
    }

    /**
     * The database of the processor's own transaction, so the lookup runs on its connection: the right
     * database wherever several servers share a JVM (tests), and a rebuild's shadow pool, whose search
     * path still finds the stored events in public.
     */
    private static DataSource transactionDataSource() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        for (Object key : TransactionSynchronizationManager.getResourceMap().keySet()) {
            if (key instanceof DataSource dataSource) {
                return dataSource;
            }
        }
        return null;
    }

    private Map<String, Long> lookup(JdbcTemplate store, List<? extends Message<?>> messages) {
        String[] ids = messages.stream().map(Message::getIdentifier).toArray(String[]::new);
        Map<String, Long> out = new HashMap<>(ids.length * 2);
        store.query(lookupSql,
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", ids)),
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }
}
