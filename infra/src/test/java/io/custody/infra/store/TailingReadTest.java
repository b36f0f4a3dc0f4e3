package io.custody.infra.store;

import io.custody.infra.support.IntegrationTest;
import io.custody.infra.support.StoredEvents;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's cache reader tails the log through reads that end after {@link CustodyStorageEngine#TAILING_RUN}
 * events, so what it read before can be collected; the next read goes on from where the last one stopped, and
 * a processor's own reads are not cut.
 */
class TailingReadTest extends IntegrationTest {

    /** A payload no projection handles, so appending it changes no read model or lookup table. */
    record Filler(int n) {
    }

    @Autowired
    EventStorageEngine engine;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactions;

    @Test
    void a_tailing_read_ends_after_a_run_and_the_next_goes_on_where_it_stopped() {
        TrackingToken before = eventStore.createHeadToken();
        int count = CustodyStorageEngine.TAILING_RUN + 150;
        String stream = "filler:" + UUID.randomUUID();
        StoredEvents.append(eventStore, transactions, IntStream.range(0, count)
                .mapToObj(i -> new GenericDomainEventMessage<>("Filler", stream, i, new Filler(i))).toList());

        List<? extends TrackedEventMessage<?>> first = engine.readEvents(before, true).toList();
        assertThat(first).hasSize(CustodyStorageEngine.TAILING_RUN);
        List<? extends TrackedEventMessage<?>> rest =
                engine.readEvents(first.get(first.size() - 1).trackingToken(), true).toList();
        List<Integer> both = new ArrayList<>(numbers(first));
        both.addAll(numbers(rest));
        assertThat(both).isEqualTo(IntStream.range(0, count).boxed().toList());
        assertThat(numbers(engine.readEvents(before, false).toList())).hasSize(count);
    }

    private static List<Integer> numbers(List<? extends TrackedEventMessage<?>> events) {
        return events.stream().filter(e -> e.getPayload() instanceof Filler)
                .map(e -> ((Filler) e.getPayload()).n()).toList();
    }
}
