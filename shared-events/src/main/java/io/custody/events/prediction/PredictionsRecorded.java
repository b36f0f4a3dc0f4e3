package io.custody.events.prediction;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.custody.values.Environment;
import io.custody.values.PredictionEntry;
import io.custody.values.ServiceName;
import io.custody.values.SketchBucket;

import java.util.List;

/**
 * A deployment made these predictions, accepted together from one ingest request. Predictions arrive
 * by the million, so the accepted part of a request is one event rather than one per prediction: each
 * prediction is still recorded once, immutably and sealed with its batch, and the store's prediction key
 * table (written in the same transaction) keeps its request id unique per deployment and finds its event
 * (docs/architecture.md, "Predictions").
 * <p>
 * {@code sketches} summarise the batch's features and outputs per minute of prediction time, so monitors
 * (docs/monitoring.md) need no raw features: the features the deployment's monitor watched when the batch was
 * accepted, and the outputs. Null in events stored before monitoring, and when the deployment had no monitor.
 * They are written before the predictions, so a monitor reads them without passing over the predictions.
 */
@JsonPropertyOrder({"environment", "service", "sketches", "predictions"})
public record PredictionsRecorded(Environment environment, ServiceName service, List<PredictionEntry> predictions,
                                  List<SketchBucket> sketches) {

    public PredictionsRecorded(Environment environment, ServiceName service, List<PredictionEntry> predictions) {
        this(environment, service, predictions, null);
    }
}
