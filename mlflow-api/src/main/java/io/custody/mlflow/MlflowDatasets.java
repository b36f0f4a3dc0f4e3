package io.custody.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.api.Caller;
import io.custody.command.api.Inputs;
import io.custody.command.lookup.CommandLookups;
import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
import io.custody.commands.run.LogRunInputs;
import io.custody.commands.run.StartRun;
import io.custody.meta.Streams;
import io.custody.mlflow.MlflowRequests.DatasetInput;
import io.custody.mlflow.MlflowRequests.KeyValue;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.RunId;
import io.custody.values.TeamName;
import io.custody.values.VersionLabel;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * runs/log-inputs: each MLflow dataset becomes a Custody dataset version and an input of the run. A SHA-256 digest
 * ({@code sha256:<64 hex>} or 64 bare hex digits) labels the version by itself; MLflow's own digests (8 hex digits
 * of a hash of a sample, from pandas and numpy datasets) are recorded as given with their kind,
 * {@code mlflow:<hex>}, which also labels the version: the kind keeps the label apart from SHA-256 labels and from
 * labels a producer chose, and logging the same dataset again is a no-op. A dataset Custody does not know is
 * registered only when the input's {@code custody.owner} tag names its owning team; Custody does not guess an owner.
 */
@Component
class MlflowDatasets {

    static final String OWNER_TAG = "custody.owner";
    /** MLflow dataset names without a namespace are put in this one. */
    static final String NAMESPACE = "mlflow";
    private static final int MAX_DATASETS = 1000;

    private final MlflowCommands commands;
    private final CommandLookups lookups;
    private final ObjectMapper json;

    MlflowDatasets(MlflowCommands commands, CommandLookups lookups, ObjectMapper json) {
        this.commands = commands;
        this.lookups = lookups;
        this.json = json;
    }

    void log(RunId run, List<DatasetInput> inputs, Caller caller) {
        if (inputs.isEmpty()) {
            return;
        }
        if (inputs.size() > MAX_DATASETS) {
            throw MlflowException.invalid("A log-inputs request can contain at most " + MAX_DATASETS + " datasets");
        }
        List<Pinned> pinned = new ArrayList<>();
        for (DatasetInput input : inputs) {
            pinned.add(pin(input));
        }
        for (Pinned dataset : pinned) {
            var known = lookups.datasetVersion(dataset.name(), dataset.version());
            if (known.isEmpty()) {
                register(dataset, caller);
            } else if (!known.get().digest().equals(dataset.digest())) {
                // A producer labelled a version like this one; the run would read that version's digest instead.
                throw MlflowException.invalid("dataset '" + dataset.name() + "' has a version " + dataset.version()
                        + " with digest " + known.get().digest() + ", not " + dataset.digest());
            }
        }
        List<StartRun.DatasetInput> read = pinned.stream().map(p -> new StartRun.DatasetInput(p.name(), p.version()))
                .distinct().toList();
        commands.send(new LogRunInputs(run, read), Streams.run(run), caller, null);
    }

    private record Pinned(DatasetName name, VersionLabel version, ContentDigest digest, String location, String owner) {
    }

    private Pinned pin(DatasetInput input) {
        MlflowRequests.Dataset dataset = MlflowCommands.required("dataset", input.dataset());
        String name = MlflowCommands.required("dataset.name", dataset.name());
        ContentDigest content = digest(name, MlflowCommands.required("dataset.digest", dataset.digest()));
        DatasetName datasetName = MlflowCommands.value("dataset.name", name.contains("/") ? name : NAMESPACE + "/" + name,
                DatasetName::of);
        VersionLabel version = VersionLabel.of(content.value());
        String owner = null;
        for (KeyValue tag : input.tags() == null ? List.<KeyValue>of() : input.tags()) {
            if (OWNER_TAG.equals(tag.key())) {
                owner = tag.value();
            }
        }
        return new Pinned(datasetName, version, content, location(dataset), owner);
    }

    /** A SHA-256 digest as such; any other hex digest (MLflow's own) as given, of kind {@code mlflow}. */
    static ContentDigest digest(String dataset, String raw) {
        String digest = raw.strip().toLowerCase(Locale.ROOT);
        if (digest.matches("sha256:[0-9a-f]{64}")) {
            return ContentDigest.of(digest);
        }
        if (digest.matches("[0-9a-f]{64}")) {
            return ContentDigest.of("sha256:" + digest);
        }
        if (digest.matches("[0-9a-f]{1," + MlflowLimits.MAX_DATASET_DIGEST + "}")) {
            return ContentDigest.mlflow(digest);
        }
        throw MlflowException.invalid("Invalid value '" + raw + "' for parameter 'dataset.digest' of dataset '" + dataset
                + "': expected sha256:<64 hex>, 64 hex digits, or MLflow's digest of at most "
                + MlflowLimits.MAX_DATASET_DIGEST + " hex digits");
    }

    /** The source's URI: MLflow sources are JSON such as {"uri": "s3://..."} or {"url": ...}; else the text itself. */
    private String location(MlflowRequests.Dataset dataset) {
        String source = dataset.source();
        if (source == null || source.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(source);
            for (String field : Set.of("uri", "url", "path")) {
                if (node != null && node.hasNonNull(field)) {
                    return node.get(field).asText();
                }
            }
        } catch (java.io.IOException e) {
            // Not JSON: the source is the location as written.
        }
        return source;
    }

    private void register(Pinned dataset, Caller caller) {
        String location = dataset.location() == null ? null
                : MlflowCommands.build(() -> Inputs.uri("dataset.source", dataset.location(), false));
        RegisterDatasetVersion version = new RegisterDatasetVersion(dataset.name(), dataset.version(), location,
                dataset.digest(), List.of(), null, Set.of(), List.of(), null);
        try {
            commands.send(version, Streams.dataset(dataset.name()), caller, null);
        } catch (MlflowException notRegistered) {
            if (!notRegistered.errorCode().equals(MlflowException.RESOURCE_DOES_NOT_EXIST)) {
                throw notRegistered;
            }
            if (dataset.owner() == null) {
                throw MlflowException.invalid("dataset " + dataset.name() + " is not registered in Custody; register it, "
                        + "or give the input the tag " + OWNER_TAG + " naming its owning team");
            }
            TeamName owner = MlflowCommands.value(OWNER_TAG, dataset.owner(), TeamName::of);
            commands.send(new RegisterDataset(dataset.name(), owner, null, Set.of()), Streams.dataset(dataset.name()),
                    caller, null);
            commands.send(version, Streams.dataset(dataset.name()), caller, null);
        }
    }
}
