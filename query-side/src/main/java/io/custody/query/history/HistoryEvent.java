package io.custody.query.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/** One stored event with the facts an auditor asks for: where it sits, when, who, why, and what it said. */
public record HistoryEvent(long position, String eventId, String stream, String streamType, long sequence, String type,
                           String payloadType, OffsetDateTime recordedAt, String actor, String sourceSystem,
                           String correlationId, String causationId, String clientEventId, String eventTime,
                           JsonNode payload, JsonNode metadata) {
}
