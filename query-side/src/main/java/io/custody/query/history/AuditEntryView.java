package io.custody.query.history;

import java.time.OffsetDateTime;

/**
 * One event in the audit trail: where it sits (global position, stream, sequence), what it was, when
 * (recorded, and when its emitter says it happened), who caused it, and why (correlation, causation).
 */
public record AuditEntryView(long position, String eventId, String stream, Long sequence, String type,
                             OffsetDateTime recordedAt, OffsetDateTime eventTime, String actor, String sourceSystem,
                             String correlationId, String causationId, String clientEventId) {
}
