package io.custody.command.lookup;

import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import io.custody.values.VersionLabel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Facts about other aggregates that a command's rules need ("does this dataset version exist, is it
 * quarantined?", "is this run completed?"). Answered from command-side lookup tables that a
 * subscribing processor writes in the same transaction as the events, so they are never stale with
 * respect to the store; never from the query side's read models.
 */
public interface CommandLookups {

    record DatasetVersionFacts(DatasetName dataset, VersionLabel version, ContentDigest digest, boolean quarantined) {
    }

    enum RunStatus { RUNNING, COMPLETED, FAILED }

    /**
     * {@code startedBy} is whom the run says trained it (a service may start runs on someone's behalf);
     * {@code startedByActor} is the authenticated caller who sent the start, null for runs recorded before
     * actors were authenticated.
     */
    record RunFacts(RunId run, RunStatus status, String startedBy, String startedByActor, boolean dirty,
                    List<DatasetVersionRef> inputs) {

        /** Everyone who may count as the run's trainer in a rule about people: both names, when known. */
        public List<String> trainers() {
            return Stream.of(startedBy, startedByActor).filter(Objects::nonNull).toList();
        }
    }

    record ModelVersionFacts(ModelVersionRef ref, RunId run, boolean archived, String trainedBy, boolean dirty,
                             Boolean lastValidationPassed, List<String> approvers, List<DatasetVersionRef> inputs) {
    }

    /** One stretch of time during which a model version served on a deployment. {@code to} is null while live. */
    record LiveInterval(ModelVersionRef modelVersion, boolean canary, Double share, Instant from, Instant to) {

        public boolean covers(Instant at) {
            return !at.isBefore(from) && (to == null || at.isBefore(to));
        }
    }

    Optional<DatasetVersionFacts> datasetVersion(DatasetName dataset, VersionLabel version);

    Optional<RunFacts> run(RunId run);

    boolean modelExists(ModelName model);

    /** Whether the model was deleted (its name stays taken, see {@link #modelExists}). */
    boolean modelDeleted(ModelName model);

    /**
     * The model whose identity is {@code name}, or which MLflow clients know by {@code name} since a rename, deleted
     * or not: the name is then taken.
     */
    Optional<ModelName> modelNamed(ModelName name);

    /** The live model MLflow clients know by {@code name}: its own name until renamed, then the new one. */
    Optional<ModelName> mlflowModel(ModelName name);

    Optional<ModelVersionFacts> modelVersion(ModelVersionRef ref);

    /**
     * The number a version of {@code model} got when it was registered from {@code run} with
     * {@code artifactDigest}. A re-sent registration (same client event id) is acknowledged without
     * running the handler, and this is how its answer still carries the number.
     */
    Optional<Integer> versionBuiltFrom(ModelName model, RunId run, ContentDigest artifactDigest);

    /** The deployments ({@code environment/service}) a version of the model serves on now, sorted. */
    List<String> liveDeployments(ModelName model);

    /** Every interval of every version on the deployment, oldest first. */
    List<LiveInterval> liveness(Environment environment, ServiceName service);

    /**
     * The features the deployment's monitor watches, or empty when it has none: prediction ingest sketches only
     * these and the outputs.
     */
    Optional<List<String>> monitoredFeatures(Environment environment, ServiceName service);
}
