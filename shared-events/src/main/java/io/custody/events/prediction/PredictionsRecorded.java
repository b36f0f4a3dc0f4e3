package io.custody.events.prediction;

import io.custody.values.Environment;
import io.custody.values.PredictionEntry;
import io.custody.values.ServiceName;

import java.util.List;

/**
 * A deployment made these predictions, accepted together from one ingest request. Predictions arrive
 * by the million, so the accepted part of a request is one event rather than one per prediction: each
 * prediction is still recorded once, immutably and sealed with its batch, and the store's prediction key
 * table (written in the same transaction) keeps its request id unique per deployment and finds its event
 * (docs/architecture.md, "Predictions").
 */
public record PredictionsRecorded(Environment environment, ServiceName service, List<PredictionEntry> predictions) {
}
