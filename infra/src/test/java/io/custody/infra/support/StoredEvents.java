package io.custody.infra.support;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

import java.util.List;

/**
 * Appends events straight to the store, in one transaction, as no endpoint would: how tests build stores
 * of shapes the server no longer writes (one event per prediction, from before prediction batching).
 */
public final class StoredEvents {

    private StoredEvents() {
    }

    public static void append(EventStore store, TransactionManager transactions,
                              List<? extends DomainEventMessage<?>> events) {
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(transactions);
        uow.execute(() -> store.publish(events));
    }
}
