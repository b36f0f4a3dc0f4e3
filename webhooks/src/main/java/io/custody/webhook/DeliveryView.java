package io.custody.webhook;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One delivery of one notification to one webhook, as {@code webhookDeliveries} shows it. */
public record DeliveryView(UUID id, String webhook, String eventId, long position, String kind, String eventType,
                           String state, int attempts, OffsetDateTime nextAttemptAt, Integer lastStatusCode,
                           String lastError, OffsetDateTime createdAt, OffsetDateTime finishedAt) {
}
