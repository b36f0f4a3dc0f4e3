package io.custody.webhook;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One attempt of a delivery: when, how long, what the receiver answered or what failed, and what came next. */
public record AttemptView(UUID delivery, int attempt, OffsetDateTime startedAt, long durationMs, Integer statusCode,
                          String error, String outcome, OffsetDateTime nextAttemptAt) {
}
