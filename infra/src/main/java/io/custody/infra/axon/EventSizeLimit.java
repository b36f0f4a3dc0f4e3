package io.custody.infra.axon;

import io.custody.errors.CustodyException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * The largest event the store takes, {@code custody.event-store.max-event-size} (payload and metadata as
 * serialized). An event is held whole in the store's cache, in every processor's fetch and in every read of
 * its stream; one of many megabytes would cost each of them that much. Checked as the events are appended,
 * inside the transaction of the request that caused them, so a refusal stores nothing of that request.
 * The serialized forms are kept on the messages, so the append writes the very bytes counted here.
 *
 * @param maxEventSize the limit; beyond it the request is a BAD_REQUEST naming this property
 */
@ConfigurationProperties("custody.event-store")
public record EventSizeLimit(@DefaultValue("1MB") DataSize maxEventSize) {

    static final String PROPERTY = "custody.event-store.max-event-size";

    public EventSizeLimit {
        if (maxEventSize.toBytes() < 1) {
            throw new IllegalArgumentException(PROPERTY + " must be positive, was " + maxEventSize);
        }
    }

    void check(List<? extends EventMessage<?>> events, Serializer serializer) {
        long max = maxEventSize.toBytes();
        for (EventMessage<?> event : events) {
            long size = (long) event.serializePayload(serializer, byte[].class).getData().length
                    + event.serializeMetaData(serializer, byte[].class).getData().length;
            if (size > max) {
                throw CustodyException.badRequest(PROPERTY, "one event may take at most " + max + " bytes; this "
                        + event.getPayloadType().getSimpleName() + " takes " + size + ": send less in one request");
            }
        }
    }
}
