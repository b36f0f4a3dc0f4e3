package io.custody.infra.store;

import io.custody.command.store.EventAppender;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes planned events to Axon's event store as the domain event messages an aggregate would have
 * applied: same aggregate type, stream and sequence number, so the store's (stream, sequence) key and every
 * subscriber see no difference. Publishing within a unit of work stages them until it commits.
 */
@Component
public class AxonEventAppender implements EventAppender {

    private final EventStore eventStore;

    public AxonEventAppender(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public void append(List<StreamEvent> events) {
        if (!CurrentUnitOfWork.isStarted()) {
            // Outside a unit of work Axon would store each event at once, in a transaction of its own.
            throw new IllegalStateException("planned events are appended inside a unit of work");
        }
        List<DomainEventMessage<?>> messages = new ArrayList<>(events.size());
        for (StreamEvent e : events) {
            messages.add(new GenericDomainEventMessage<>(e.type(), e.stream(), e.sequence(), e.payload(),
                    MetaData.from(e.metaData())));
        }
        eventStore.publish(messages);
    }
}
