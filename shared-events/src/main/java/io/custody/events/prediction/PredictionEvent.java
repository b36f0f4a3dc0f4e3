package io.custody.events.prediction;

import io.custody.values.Environment;
import io.custody.values.RequestId;
import io.custody.values.ServiceName;

/**
 * A prediction and, later, its outcome, one stream per (deployment, request id): how stores written before
 * predictions were batched hold them. New predictions and outcomes are {@link PredictionsRecorded} and
 * {@link OutcomesRecorded}; these stay readable (their type names are stored schema).
 */
public sealed interface PredictionEvent permits PredictionRecorded, OutcomeRecorded {

    Environment environment();

    ServiceName service();

    RequestId requestId();
}
