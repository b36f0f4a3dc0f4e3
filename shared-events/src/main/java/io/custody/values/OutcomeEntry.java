package io.custody.values;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One actual outcome inside an {@link io.custody.events.prediction.OutcomesRecorded} batch, joined by request id. */
public record OutcomeEntry(RequestId requestId, JsonNode outcome, Instant observedAt) {
}
