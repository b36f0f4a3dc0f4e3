package io.custody.infra.axon;

import io.custody.errors.CustodyException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;

import java.util.List;

/**
 * Refuses an event larger than {@code custody.event-store.max-event-size} (payload and metadata as
 * serialized). An event is held whole in the store's cache, in every processor's fetch and in every read of
 * its stream; one of many megabytes would cost each of them that much.
 *
 * <p>Checked as the event is published, inside the command that applied it, rather than by a dispatch
 * interceptor (Axon runs those only when the outermost unit of work commits): so that command fails, storing
 * nothing of it, while other commands sharing its transaction, such as grouped OpenLineage reports, are sent
 * again without it. The serialized forms are kept on the messages, so the append writes the very bytes
 * counted here.
 */
class EventSizeGuard {

    static final String PROPERTY = "custody.event-store.max-event-size";

    private final long maxBytes;
    private final Serializer serializer;

    EventSizeGuard(EventStoreProperties properties, Serializer serializer) {
        this.maxBytes = properties.maxEventSize().toBytes();
        this.serializer = serializer;
    }

    void check(List<? extends EventMessage<?>> events) {
        for (EventMessage<?> event : events) {
            long size = (long) event.serializePayload(serializer, byte[].class).getData().length
                    + event.serializeMetaData(serializer, byte[].class).getData().length;
            if (size > maxBytes) {
                throw CustodyException.badRequest(PROPERTY, "one event may take at most " + maxBytes + " bytes; this "
                        + event.getPayloadType().getSimpleName() + " takes " + size + ": send less in one request");
            }
        }
    }
}
