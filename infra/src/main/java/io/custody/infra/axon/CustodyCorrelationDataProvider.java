package io.custody.infra.axon;

import io.custody.meta.Metadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the caller's metadata from a command onto every event it produces, and links each event to
 * its cause. Axon's own MessageOriginProvider names the direct parent "correlationId"; we keep the
 * usual meaning instead: correlation is the whole business transaction, causation the direct parent.
 *
 * <p>Nothing for an event. Axon asks the providers for every message created while a message is handled,
 * a result message per handled event included, so every processor would read every event's metadata for
 * nothing: read models and lookups send no messages. An
 * event handler that starts sending commands (a saga) must carry the event's correlation itself.
 */
public class CustodyCorrelationDataProvider implements CorrelationDataProvider {

    private static final List<String> COPIED = List.of(
            Metadata.ACTOR, Metadata.SOURCE_SYSTEM, Metadata.CLIENT_EVENT_ID, Metadata.EVENT_TIME);

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        if (message instanceof EventMessage<?>) {
            return Map.of();
        }
        MetaData meta = message.getMetaData();
        Map<String, Object> data = new HashMap<>();
        COPIED.forEach(key -> {
            Object value = meta.get(key);
            if (value != null) {
                data.put(key, value);
            }
        });
        data.put(Metadata.CORRELATION_ID, meta.getOrDefault(Metadata.CORRELATION_ID, message.getIdentifier()));
        data.put(Metadata.CAUSATION_ID, message.getIdentifier());
        return data;
    }
}
