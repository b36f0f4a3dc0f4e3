package io.custody.command.lookup;

import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import io.custody.values.VersionLabel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Lookups an aggregate test sets up by hand: the facts other aggregates would have recorded. */
public class StubLookups implements CommandLookups {

    private final Map<DatasetVersionKey, DatasetVersionFacts> datasetVersions = new HashMap<>();
    private final Map<RunId, RunFacts> runs = new HashMap<>();
    private final Set<ModelName> models = new HashSet<>();
    private final Map<ModelVersionRef, ModelVersionFacts> modelVersions = new HashMap<>();

    public StubLookups datasetVersion(DatasetName dataset, VersionLabel version, ContentDigest digest,
                                      boolean quarantined) {
        datasetVersions.put(DatasetVersionKey.of(dataset, version), new DatasetVersionFacts(dataset, version, digest, quarantined));
        return this;
    }

    public StubLookups run(RunId run, RunStatus status, String startedBy) {
        return run(run, status, startedBy, startedBy);
    }

    /** A run whose {@code startedBy} names someone other than the authenticated actor who started it. */
    public StubLookups run(RunId run, RunStatus status, String startedBy, String startedByActor) {
        runs.put(run, new RunFacts(run, status, startedBy, startedByActor, false, List.of()));
        return this;
    }

    public StubLookups modelVersion(ModelVersionFacts facts) {
        models.add(facts.ref().model());
        modelVersions.put(facts.ref(), facts);
        return this;
    }

    public StubLookups model(ModelName model) {
        models.add(model);
        return this;
    }

    private final Set<ModelName> deletedModels = new HashSet<>();

    public StubLookups deletedModel(ModelVersionFacts facts) {
        deletedModels.add(facts.ref().model());
        return modelVersion(facts);
    }

    /** A version that passes every production gate, trained on {@code inputs}. */
    public static ModelVersionFacts deployable(ModelVersionRef ref, DatasetVersionRef... inputs) {
        return new ModelVersionFacts(ref, RunId.of("run-" + ref.version()), false, "carol", false, true,
                List.of("bob"), List.of(inputs));
    }

    @Override
    public Optional<DatasetVersionFacts> datasetVersion(DatasetName dataset, VersionLabel version) {
        return Optional.ofNullable(datasetVersions.get(DatasetVersionKey.of(dataset, version)));
    }

    @Override
    public Optional<RunFacts> run(RunId run) {
        return Optional.ofNullable(runs.get(run));
    }

    @Override
    public boolean modelExists(ModelName model) {
        return models.contains(model);
    }

    @Override
    public boolean modelDeleted(ModelName model) {
        return deletedModels.contains(model);
    }

    private final Map<ModelName, ModelName> mlflowNames = new HashMap<>();

    /** MLflow clients know {@code model} by {@code name} (registered-models/rename). */
    public StubLookups mlflowName(ModelName model, ModelName name) {
        models.add(model);
        mlflowNames.put(name, model);
        return this;
    }

    @Override
    public Optional<ModelName> modelNamed(ModelName name) {
        return models.contains(name) ? Optional.of(name) : Optional.ofNullable(mlflowNames.get(name));
    }

    @Override
    public Optional<ModelName> mlflowModel(ModelName name) {
        ModelName renamed = mlflowNames.get(name);
        if (renamed != null) {
            return deletedModels.contains(renamed) ? Optional.empty() : Optional.of(renamed);
        }
        return models.contains(name) && !mlflowNames.containsValue(name) && !deletedModels.contains(name)
                ? Optional.of(name) : Optional.empty();
    }

    @Override
    public Optional<ModelVersionFacts> modelVersion(ModelVersionRef ref) {
        return Optional.ofNullable(modelVersions.get(ref));
    }

    @Override
    public Optional<Integer> versionBuiltFrom(ModelName model, RunId run, ContentDigest artifactDigest) {
        return Optional.empty();
    }

    private final Map<String, List<LiveInterval>> liveness = new HashMap<>();

    public StubLookups deployed(Environment environment, ServiceName service, ModelVersionRef version) {
        liveness.put(environment + "/" + service, List.of(new LiveInterval(version, false, null,
                java.time.Instant.parse("2026-01-01T00:00:00Z"), null)));
        return this;
    }

    @Override
    public List<String> liveDeployments(ModelName model) {
        return liveness.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(i -> i.to() == null && i.modelVersion().model().equals(model)))
                .map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public List<LiveInterval> liveness(Environment environment, ServiceName service) {
        return liveness.getOrDefault(environment + "/" + service, List.of());
    }

    @Override
    public Optional<List<String>> monitoredFeatures(Environment environment, ServiceName service) {
        return Optional.empty();
    }
}
