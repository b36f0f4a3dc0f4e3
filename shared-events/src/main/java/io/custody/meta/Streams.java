package io.custody.meta;

import io.custody.values.DatasetName;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.RequestId;
import io.custody.values.RunId;
import io.custody.values.ServiceName;

/**
 * Stream (aggregate) identifiers. They carry the entity type as a prefix because all aggregates share
 * one identifier space in the event table: a dataset {@code prod/credit} and a deployment
 * {@code prod/credit} must not collide.
 */
public final class Streams {

    public static final String DATASET = "dataset:";
    public static final String RUN = "run:";
    public static final String MODEL = "model:";
    public static final String DEPLOYMENT = "deployment:";
    public static final String PREDICTION = "prediction:";

    private Streams() {
    }

    public static String dataset(DatasetName name) {
        return DATASET + name.value();
    }

    public static String run(RunId run) {
        return RUN + run.value();
    }

    public static String model(ModelName model) {
        return MODEL + model.value();
    }

    public static String deployment(Environment environment, ServiceName service) {
        return DEPLOYMENT + environment.value() + "/" + service.value();
    }

    /** One stream per prediction: its unique key is what makes a re-sent request id a no-op. */
    public static String prediction(Environment environment, ServiceName service, RequestId requestId) {
        return PREDICTION + environment.value() + "/" + service.value() + "/" + requestId.value();
    }
}
