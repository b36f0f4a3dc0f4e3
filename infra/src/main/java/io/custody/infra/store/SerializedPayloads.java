package io.custody.infra.store;

import io.custody.monitoring.StoredPayloads;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * An event's payload as the event store holds it. A message read from the store answers its stored bytes as they
 * are, with the serializer that wrote them; one made in this process answers the form it was appended in.
 */
@Component
class SerializedPayloads implements StoredPayloads {

    private final Serializer serializer;

    SerializedPayloads(@Qualifier("eventSerializer") Serializer serializer) {
        this.serializer = serializer;
    }

    @Override
    public byte[] json(EventMessage<?> event) {
        return event.serializePayload(serializer, byte[].class).getData();
    }
}
