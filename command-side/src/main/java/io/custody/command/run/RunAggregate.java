package io.custody.command.run;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.DatasetVersionFacts;
import io.custody.command.lookup.CommandLookups.RunStatus;
import io.custody.commands.run.CompleteRun;
import io.custody.commands.run.FailRun;
import io.custody.commands.run.LogArtifact;
import io.custody.commands.run.LogMetrics;
import io.custody.commands.run.StartRun;
import io.custody.errors.CustodyException;
import io.custody.events.run.ArtifactLogged;
import io.custody.events.run.MetricsLogged;
import io.custody.events.run.RunCompleted;
import io.custody.events.run.RunFailed;
import io.custody.events.run.RunStarted;
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
            DatasetVersionFacts facts = lookups.datasetVersion(input.dataset(), input.version())
                    .orElseThrow(() -> CustodyException.notFound(field, "dataset version " + key
                            + " is not registered; a run can only read registered dataset versions"));
            if (facts.quarantined()) {
                throw CustodyException.conflict(field, "dataset version " + key
                        + " is quarantined and cannot feed a new run");
            }
            read.add(new DatasetVersionRef(input.dataset(), input.version(), facts.digest()));
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

    private void requireRunning(RunId run) {
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
}
