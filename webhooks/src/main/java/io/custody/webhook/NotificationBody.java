package io.custody.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.values.NotificationKind;

import java.time.Instant;

/**
 * The JSON document a receiver gets (docs/webhooks.md): fixed keys in a fixed order, the event's payload as
 * the event store keeps it (Spring's ObjectMapper is also Axon's serializer). It is rendered once, when the
 * outbox row is written, so every attempt sends the same bytes under the same signature.
 */
public final class NotificationBody {

    /** The body's own version: a receiver can tell a later shape from this one. */
    public static final int SCHEMA_VERSION = 1;

    private NotificationBody() {
    }

    /** What a notification says about one recorded event. */
    public record Notified(NotificationKind kind, String eventType, String eventId, long position, String stream,
                           Instant recordedAt, String eventTime, String actor, String correlationId, Object payload) {
    }

    public static byte[] render(ObjectMapper json, Notified event) {
        ObjectNode body = json.createObjectNode();
        body.put("version", SCHEMA_VERSION);
        body.put("kind", event.kind().name());
        body.put("eventType", event.eventType());
        body.put("eventId", event.eventId());
        body.put("position", event.position());
        body.put("stream", event.stream());
        body.put("recordedAt", event.recordedAt().toString());
        body.put("eventTime", event.eventTime());
        body.put("actor", event.actor());
        body.put("correlationId", event.correlationId());
        body.set("payload", json.valueToTree(event.payload()));
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serializes", e);
        }
    }
}
