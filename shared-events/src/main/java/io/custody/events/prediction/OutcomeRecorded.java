package io.custody.events.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.values.Environment;
import io.custody.values.RequestId;
import io.custody.values.ServiceName;

import java.time.Instant;

/** The actual outcome of an earlier prediction, joined by request id. */
public record OutcomeRecorded(Environment environment, ServiceName service, RequestId requestId, JsonNode outcome,
                              Instant observedAt)
        implements PredictionEvent {
}
