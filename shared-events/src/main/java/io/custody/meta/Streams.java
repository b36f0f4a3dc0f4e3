package io.custody.meta;

import io.custody.values.ApiTokenId;
import io.custody.values.DatasetName;
import io.custody.values.Environment;
import io.custody.values.ExperimentId;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.ModelName;
import io.custody.values.PolicyName;
import io.custody.values.RequestId;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import io.custody.values.WebhookId;

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
    public static final String PREDICTION_BATCH = "predictions:";
    public static final String OUTCOME_BATCH = "outcomes:";
    public static final String JOB_RUN = "jobrun:";
    public static final String JOB = "job:";
    public static final String OBSERVED_DATASET = "oldataset:";
    /**
     * The longest stream id the event store's {@code aggregate_identifier} column holds. The value records whose
     * names go into stream ids ({@link DatasetName}, {@link JobRef}) are limited so that no prefix above takes
     * one past it (StreamsTest).
     */
    public static final int MAX_LENGTH = 255;
    public static final String API_TOKEN = "apitoken:";
    public static final String POLICY = "policy:";
    public static final String DECISION = "decision:";
    public static final String WEBHOOK = "webhook:";
    public static final String EXPERIMENT = "experiment:";
    public static final String MONITOR = "monitor:";

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

    /**
     * A prediction's own name. Stores written before predictions were batched hold one stream of this name
     * per prediction; {@code history} also answers it from the batch that recorded the prediction.
     */
    public static String prediction(Environment environment, ServiceName service, RequestId requestId) {
        return PREDICTION + environment.value() + "/" + service.value() + "/" + requestId.value();
    }

    /** A deployment's monitor and its alerts. */
    public static String monitor(Environment environment, ServiceName service) {
        return MONITOR + environment.value() + "/" + service.value();
    }

    /** The one-event stream of a batch of predictions accepted from one ingest request. */
    public static String predictionBatch(Environment environment, ServiceName service, java.util.UUID batch) {
        return PREDICTION_BATCH + environment.value() + "/" + service.value() + "/" + batch;
    }

    /** A deployment a stream names. */
    public record Deployment(Environment environment, ServiceName service) {
    }

    /** The deployment a {@link #predictionBatch} stream names; empty for a stream of another form. */
    public static java.util.Optional<Deployment> predictionBatchDeployment(String stream) {
        if (stream == null || !stream.startsWith(PREDICTION_BATCH)) {
            return java.util.Optional.empty();
        }
        int first = stream.indexOf('/', PREDICTION_BATCH.length());
        int last = stream.lastIndexOf('/');
        if (first < 0 || last <= first) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Deployment(new Environment(stream.substring(PREDICTION_BATCH.length(), first)),
                new ServiceName(stream.substring(first + 1, last))));
    }

    /** The one-event stream of a batch of outcomes accepted from one ingest request. */
    public static String outcomeBatch(Environment environment, ServiceName service, java.util.UUID batch) {
        return OUTCOME_BATCH + environment.value() + "/" + service.value() + "/" + batch;
    }

    /** An OpenLineage job run. */
    public static String jobRun(JobRunId run) {
        return JOB_RUN + run.value();
    }

    /** An OpenLineage job, as its JobEvents describe it. */
    public static String job(JobRef job) {
        return JOB + job.key();
    }

    /** What OpenLineage DatasetEvents said about a dataset, beside the dataset's own stream. */
    public static String observedDataset(DatasetName dataset) {
        return OBSERVED_DATASET + dataset.value();
    }

    /** An API token: its creation and revocation. */
    public static String apiToken(ApiTokenId id) {
        return API_TOKEN + id.value();
    }

    /** A policy's published versions. */
    public static String policy(PolicyName name) {
        return POLICY + name.value();
    }

    /** The refusals a policy recorded about a model's versions. */
    public static String decision(ModelName model) {
        return DECISION + model.value();
    }

    /** A webhook registration: registered, disabled, enabled, removed. */
    public static String webhook(WebhookId id) {
        return WEBHOOK + id.value();
    }

    /** An experiment: its creation, names, tags, deletions and restorations. */
    public static String experiment(ExperimentId experiment) {
        return EXPERIMENT + experiment.value();
    }
}
