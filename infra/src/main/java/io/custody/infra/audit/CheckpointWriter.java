package io.custody.infra.audit;

import io.custody.events.audit.CheckpointRecorded;
import io.custody.meta.Metadata;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads and appends the checkpoint stream {@value CheckpointRecorded#STREAM}. */
final class CheckpointWriter {

    static final String ACTOR = "custody-sealer";
    private static final String AGGREGATE_TYPE = "audit";

    /** A checkpoint and the global position of the event that recorded it. */
    record Stored(long position, CheckpointRecorded checkpoint) {
    }

    private final EventStore eventStore;
    private final TransactionManager transactionManager;

    CheckpointWriter(EventStore eventStore, TransactionManager transactionManager) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
    }

    /** The last position the newest checkpoint covers. */
    OptionalLong lastCovered() {
        Optional<Long> newest = eventStore.lastSequenceNumberFor(CheckpointRecorded.STREAM);
        if (newest.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            DomainEventStream events = eventStore.readEvents(CheckpointRecorded.STREAM, newest.get());
            if (events.hasNext() && events.next().getPayload() instanceof CheckpointRecorded checkpoint) {
                return OptionalLong.of(checkpoint.lastPosition());
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("the newest checkpoint event is unreadable; run verify", e);
        }
        throw new IllegalStateException("the newest checkpoint event is unreadable; run verify");
    }

    void append(CheckpointRecorded checkpoint) {
        long sequence = eventStore.lastSequenceNumberFor(CheckpointRecorded.STREAM).map(last -> last + 1).orElse(0L);
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(transactionManager);
        uow.execute(() -> eventStore.publish(new GenericDomainEventMessage<>(AGGREGATE_TYPE, CheckpointRecorded.STREAM,
                sequence, checkpoint, Map.of(Metadata.ACTOR, ACTOR, Metadata.SOURCE_SYSTEM, "audit"))));
    }
}
