package io.custody.command.run;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.DatasetVersionFacts;
import io.custody.command.lookup.CommandLookups.RunStatus;
import io.custody.commands.run.CompleteRun;
import io.custody.commands.run.DeleteRun;
import io.custody.commands.run.DeleteRunTag;
import io.custody.commands.run.FailRun;
import io.custody.commands.run.LogArtifact;
import io.custody.commands.run.LogMetrics;
import io.custody.commands.run.LogParams;
import io.custody.commands.run.LogRunInputs;
import io.custody.commands.run.OpenRun;
import io.custody.commands.run.RestoreRun;
import io.custody.commands.run.SetRunTags;
import io.custody.commands.run.StartRun;
import io.custody.errors.CustodyException;
import io.custody.events.run.ArtifactLogged;
import io.custody.events.run.MetricsLogged;
import io.custody.events.run.RunCompleted;
import io.custody.events.run.RunFailed;
import io.custody.events.run.RunCodeRecorded;
import io.custody.events.run.RunDeleted;
import io.custody.events.run.RunInputsLogged;
import io.custody.events.run.RunParamsLogged;
import io.custody.events.run.RunRestored;
import io.custody.events.run.RunStarted;
import io.custody.events.run.RunTagDeleted;
import io.custody.events.run.RunTagsSet;
import io.custody.meta.Streams;
import io.custody.values.CodeVersion;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetVersionKey;
import io.custody.values.DatasetVersionRef;
import io.custody.values.RunId;
import io.custody.values.TrainingEnvironment;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A training run: what it read, the code and environment it ran, what it logged, and how it ended.
 * Once completed or failed it is closed, so the record a model version points at cannot change later.
 */
@Aggregate(type = "Run", cache = AggregateCache.BEAN,
        commandTargetResolver = StreamTargetResolver.BEAN)
class RunAggregate {

    @AggregateIdentifier
    private String streamId;
    private RunStatus status;
    private String experiment;
    private CodeVersion code;
    private List<DatasetVersionRef> inputs;
    private Map<String, String> hyperparameters;
    private TrainingEnvironment environment;
    private String startedBy;
    private final Map<String, Artifact> artifacts = new HashMap<>();
    private final Map<String, String> params = new HashMap<>();
    private final Map<String, String> tags = new HashMap<>();
    private boolean deleted;

    private record Artifact(String uri, ContentDigest digest) {
    }

    RunAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(StartRun command, CommandLookups lookups) {
        if (status != null) {
            if (sameStart(command)) {
                return false;
            }
            throw CustodyException.conflict("input.run", "run " + command.run() + " was already started with other "
                    + "facts (started by " + startedBy + "); a start is not an update, use a new run id");
        }
        if (command.code() == null) {
            throw CustodyException.badRequest("input.code", "is required: the commit is what reproduces the run");
        }
        if (command.startedBy() == null || command.startedBy().isBlank()) {
            throw CustodyException.badRequest("input.startedBy", "is required");
        }
        List<DatasetVersionRef> read = new ArrayList<>();
        Set<DatasetVersionKey> seen = new HashSet<>();
        List<StartRun.DatasetInput> requested = command.inputs() == null ? List.of() : command.inputs();
        for (int i = 0; i < requested.size(); i++) {
            StartRun.DatasetInput input = requested.get(i);
            String field = "input.inputs[" + i + "]";
            DatasetVersionKey key = DatasetVersionKey.of(input.dataset(), input.version());
            if (!seen.add(key)) {
                throw CustodyException.badRequest(field, "dataset version " + key + " is listed twice");
            }
            read.add(readable(lookups, input, key, field));
        }
        apply(new RunStarted(command.run(), command.experiment(), command.code(), read, command.hyperparameters(),
                command.environment(), command.startedBy()));
        return true;
    }

    @CommandHandler
    boolean handle(LogMetrics command) {
        if (command.metrics() == null || command.metrics().isEmpty()) {
            throw CustodyException.badRequest("input.metrics", "a batch needs at least one metric");
        }
        requireRunning(command.run());
        apply(new MetricsLogged(command.run(), command.metrics()));
        return true;
    }

    @CommandHandler
    boolean handle(LogArtifact command) {
        if (command.name() == null || command.name().isBlank()) {
            throw CustodyException.badRequest("input.name", "is required");
        }
        if (command.uri() == null || command.uri().isBlank()) {
            throw CustodyException.badRequest("input.uri", "is required");
        }
        if (command.digest() == null) {
            throw CustodyException.badRequest("input.digest", "is required: the digest pins what the artifact is");
        }
        requireRunning(command.run());
        Artifact logged = artifacts.get(command.name());
        if (logged != null) {
            if (logged.digest().equals(command.digest()) && logged.uri().equals(command.uri())) {
                return false;
            }
            throw CustodyException.conflict("input.name", "artifact " + command.name() + " of run " + command.run()
                    + " is already logged as " + logged.uri() + " with digest " + logged.digest()
                    + "; an artifact is immutable, log the new one under another name");
        }
        apply(new ArtifactLogged(command.run(), command.name(), command.uri(), command.digest()));
        return true;
    }

    @CommandHandler
    boolean handle(CompleteRun command) {
        if (status == RunStatus.COMPLETED) {
            return false;
        }
        requireRunning(command.run());
        apply(new RunCompleted(command.run()));
        return true;
    }

    @CommandHandler
    boolean handle(FailRun command) {
        if (command.reason() == null || command.reason().isBlank()) {
            throw CustodyException.badRequest("input.reason", "a failed run must say why");
        }
        requireRunning(command.run());
        apply(new RunFailed(command.run(), command.reason()));
        return true;
    }

    /** An MLflow client creates a run first and logs its code and inputs afterwards: it starts with none. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(OpenRun command) {
        if (status != null) {
            throw CustodyException.conflict("input.run", "run " + command.run() + " already exists");
        }
        if (command.startedBy() == null || command.startedBy().isBlank()) {
            throw CustodyException.badRequest("input.startedBy", "is required");
        }
        apply(new RunStarted(command.run(), command.experiment(), null, List.of(), Map.of(), null,
                command.startedBy()));
        return true;
    }

    /** A parameter keeps the value it was first logged with, as in MLflow: the same value again is a no-op. */
    @CommandHandler
    boolean handle(LogParams command) {
        if (command.params() == null || command.params().isEmpty()) {
            throw CustodyException.badRequest("input.params", "a batch needs at least one parameter");
        }
        requireRunning(command.run());
        Map<String, String> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, String> param : command.params().entrySet()) {
            String logged = params.get(param.getKey());
            if (logged == null) {
                fresh.put(param.getKey(), param.getValue());
            } else if (!logged.equals(param.getValue())) {
                throw CustodyException.badRequest("input.params." + param.getKey(), "parameter " + param.getKey()
                        + " of run " + command.run() + " was already logged with value '" + logged
                        + "'; a parameter cannot be changed (new value '" + param.getValue() + "')");
            }
        }
        if (fresh.isEmpty()) {
            return false;
        }
        apply(new RunParamsLogged(command.run(), fresh));
        return true;
    }

    /**
     * Tags may be set on a closed run (they annotate it), except the ones that record its code: the code is
     * recorded once, from {@link RunCode#TAGS}, while the run is running.
     */
    @CommandHandler
    boolean handle(SetRunTags command) {
        if (command.tags() == null || command.tags().isEmpty()) {
            throw CustodyException.badRequest("input.tags", "a batch needs at least one tag");
        }
        requireNotDeleted(command.run());
        Map<String, String> merged = new HashMap<>(tags);
        merged.putAll(command.tags());
        boolean codeTags = command.tags().keySet().stream().anyMatch(RunCode.TAGS::contains);
        CodeVersion derived = codeTags ? RunCode.from(merged) : null;
        if (code != null && derived != null && !code.equals(derived)) {
            throw CustodyException.badRequest("input.tags", "the code of run " + command.run() + " is recorded as "
                    + code.repository() + "@" + code.commit() + "; it cannot change to " + derived.repository() + "@"
                    + derived.commit());
        }
        boolean recordCode = code == null && derived != null;
        if (recordCode && status != RunStatus.RUNNING) {
            throw CustodyException.badRequest("input.tags", "run " + command.run() + " is closed; its code can only "
                    + "be recorded while it runs");
        }
        Map<String, String> changed = new LinkedHashMap<>();
        command.tags().forEach((key, value) -> {
            if (!value.equals(tags.get(key))) {
                changed.put(key, value);
            }
        });
        if (changed.isEmpty() && !recordCode) {
            return false;
        }
        if (!changed.isEmpty()) {
            apply(new RunTagsSet(command.run(), changed));
        }
        if (recordCode) {
            apply(new RunCodeRecorded(command.run(), derived));
        }
        return true;
    }

    /** Deleting a tag leaves a code recorded from it as it was: the event that recorded it stays. */
    @CommandHandler
    boolean handle(DeleteRunTag command) {
        requireNotDeleted(command.run());
        if (!tags.containsKey(command.key())) {
            throw CustodyException.notFound("input.key", "run " + command.run() + " has no tag " + command.key());
        }
        apply(new RunTagDeleted(command.run(), command.key()));
        return true;
    }

    @CommandHandler
    boolean handle(LogRunInputs command, CommandLookups lookups) {
        if (command.inputs() == null || command.inputs().isEmpty()) {
            throw CustodyException.badRequest("input.inputs", "at least one dataset version is needed");
        }
        requireRunning(command.run());
        Set<DatasetVersionKey> seen = new HashSet<>();
        inputs.forEach(input -> seen.add(input.versionKey()));
        List<DatasetVersionRef> read = new ArrayList<>();
        for (int i = 0; i < command.inputs().size(); i++) {
            StartRun.DatasetInput input = command.inputs().get(i);
            DatasetVersionKey key = DatasetVersionKey.of(input.dataset(), input.version());
            if (seen.add(key)) {
                read.add(readable(lookups, input, key, "input.inputs[" + i + "]"));
            }
        }
        if (read.isEmpty()) {
            return false;
        }
        apply(new RunInputsLogged(command.run(), read));
        return true;
    }

    @CommandHandler
    boolean handle(DeleteRun command) {
        if (deleted) {
            return false;
        }
        apply(new RunDeleted(command.run()));
        return true;
    }

    @CommandHandler
    boolean handle(RestoreRun command) {
        if (!deleted) {
            return false;
        }
        apply(new RunRestored(command.run()));
        return true;
    }

    private static DatasetVersionRef readable(CommandLookups lookups, StartRun.DatasetInput input, DatasetVersionKey key,
                                              String field) {
        DatasetVersionFacts facts = lookups.datasetVersion(input.dataset(), input.version())
                .orElseThrow(() -> CustodyException.notFound(field, "dataset version " + key
                        + " is not registered; a run can only read registered dataset versions"));
        if (facts.quarantined()) {
            throw CustodyException.conflict(field, "dataset version " + key + " is quarantined and cannot feed a new run");
        }
        return new DatasetVersionRef(input.dataset(), input.version(), facts.digest());
    }

    private void requireNotDeleted(RunId run) {
        if (deleted) {
            throw CustodyException.badRequest("input.run", "run " + run + " is deleted; restore it first");
        }
    }

    private void requireRunning(RunId run) {
        requireNotDeleted(run);
        if (status != RunStatus.RUNNING) {
            throw CustodyException.conflict("input.run", "the run is closed: " + run + " "
                    + status.name().toLowerCase(Locale.ROOT) + ", so nothing more can be recorded on it");
        }
    }

    private boolean sameStart(StartRun command) {
        List<DatasetVersionKey> requested = (command.inputs() == null ? List.<StartRun.DatasetInput>of()
                : command.inputs()).stream().map(i -> DatasetVersionKey.of(i.dataset(), i.version())).toList();
        Map<String, String> params = command.hyperparameters() == null ? Map.of() : command.hyperparameters();
        return Objects.equals(experiment, command.experiment()) && Objects.equals(code, command.code())
                && inputs.stream().map(DatasetVersionRef::versionKey).toList().equals(requested)
                && hyperparameters.equals(params) && Objects.equals(environment, command.environment())
                && Objects.equals(startedBy, command.startedBy());
    }

    @EventSourcingHandler
    void on(RunStarted event) {
        streamId = Streams.run(event.run());
        status = RunStatus.RUNNING;
        experiment = event.experiment();
        code = event.code();
        inputs = event.inputs();
        hyperparameters = event.hyperparameters();
        params.putAll(event.hyperparameters());
        environment = event.environment();
        startedBy = event.startedBy();
    }

    @EventSourcingHandler
    void on(ArtifactLogged event) {
        artifacts.put(event.name(), new Artifact(event.uri(), event.digest()));
    }

    @EventSourcingHandler
    void on(RunCompleted event) {
        status = RunStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(RunFailed event) {
        status = RunStatus.FAILED;
    }

    @EventSourcingHandler
    void on(RunParamsLogged event) {
        params.putAll(event.params());
    }

    @EventSourcingHandler
    void on(RunTagsSet event) {
        tags.putAll(event.tags());
    }

    @EventSourcingHandler
    void on(RunTagDeleted event) {
        tags.remove(event.key());
    }

    @EventSourcingHandler
    void on(RunCodeRecorded event) {
        code = event.code();
    }

    @EventSourcingHandler
    void on(RunInputsLogged event) {
        List<DatasetVersionRef> all = new ArrayList<>(inputs);
        all.addAll(event.inputs());
        inputs = all;
    }

    @EventSourcingHandler
    void on(RunDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(RunRestored event) {
        deleted = false;
    }
}
