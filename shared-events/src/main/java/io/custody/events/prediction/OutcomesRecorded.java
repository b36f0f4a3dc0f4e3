package io.custody.events.prediction;

import io.custody.values.Environment;
import io.custody.values.OutcomeEntry;
import io.custody.values.ServiceName;

import java.util.List;

/**
 * Actual outcomes of earlier predictions of one deployment, accepted together from one ingest request.
 * Each joins its prediction by request id and is recorded at most once (the store's outcome key table).
 */
public record OutcomesRecorded(Environment environment, ServiceName service, List<OutcomeEntry> outcomes) {
}
