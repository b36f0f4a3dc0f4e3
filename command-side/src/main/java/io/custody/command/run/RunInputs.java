package io.custody.command.run;

import io.custody.command.api.Caller;
import io.custody.command.api.Inputs;
import io.custody.commands.run.CompleteRun;
import io.custody.commands.run.FailRun;
import io.custody.commands.run.LogArtifact;
import io.custody.commands.run.LogMetrics;
import io.custody.commands.run.StartRun;
import io.custody.errors.CustodyException;
import io.custody.values.CodeVersion;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.Metric;
import io.custody.values.RunId;
import io.custody.values.TrainingEnvironment;
import io.custody.values.VersionLabel;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The wire shapes of the run commands, shared by GraphQL and the HTTP ingest, and their validation.
 * {@code toCommand} fills the "by" fields from the caller, so a sender cannot claim to be someone else
 * except where the input names who started a run on whose behalf.
 */
public final class RunInputs {

    /** Bounds one event's size; a training loop logs in batches, not all at once. */
    static final int MAX_METRICS_PER_BATCH = 10_000;

    private RunInputs() {
    }

    public record KeyValueInput(String key, String value) {
    }

    public record CodeVersionInput(String repository, String commit, Boolean dirty) {

        CodeVersion toValue() {
            return new CodeVersion(repository, commit, Boolean.TRUE.equals(dirty));
        }
    }

    public record DatasetVersionRefInput(String dataset, String version) {

        StartRun.DatasetInput toValue() {
            return new StartRun.DatasetInput(Inputs.required("dataset", dataset, DatasetName::new),
                    Inputs.required("version", version, VersionLabel::new));
        }
    }

    public record TrainingEnvironmentInput(String image, List<KeyValueInput> packages) {

        TrainingEnvironment toValue(String field) {
            return new TrainingEnvironment(Inputs.text(field + ".image", image, 2048, false),
                    Inputs.pairs(field + ".packages", packages, KeyValueInput::key, KeyValueInput::value, 256));
        }
    }

    public record MetricInput(String name, Double value, Long step, OffsetDateTime timestamp) {

        Metric toValue() {
            return new Metric(name, Inputs.present("value", value), step == null ? 0 : step,
                    timestamp == null ? null : timestamp.toInstant());
        }
    }

    public record StartRunInput(String run, String experiment, CodeVersionInput code,
                                List<DatasetVersionRefInput> inputs, List<KeyValueInput> hyperparameters,
                                TrainingEnvironmentInput environment, String startedBy, String clientEventId) {

        public StartRun toCommand(Caller caller) {
            return new StartRun(
                    Inputs.required("input.run", run, RunId::new),
                    Inputs.text("input.experiment", experiment, 256, false),
                    code == null ? null : Inputs.value("input.code", code::toValue),
                    Inputs.list("input.inputs", inputs, DatasetVersionRefInput::toValue),
                    Inputs.pairs("input.hyperparameters", hyperparameters, KeyValueInput::key, KeyValueInput::value,
                            10_000),
                    environment == null ? null : environment.toValue("input.environment"),
                    startedBy == null || startedBy.isBlank() ? caller.actor()
                            : Inputs.text("input.startedBy", startedBy, 256, true));
        }
    }

    public record LogMetricsInput(String run, List<MetricInput> metrics, String clientEventId) {

        public LogMetrics toCommand(Caller caller) {
            if (metrics != null && metrics.size() > MAX_METRICS_PER_BATCH) {
                throw CustodyException.badRequest("input.metrics", "must hold at most " + MAX_METRICS_PER_BATCH
                        + " metrics per batch (got " + metrics.size() + ")");
            }
            return new LogMetrics(
                    Inputs.required("input.run", run, RunId::new),
                    Inputs.list("input.metrics", metrics, MetricInput::toValue));
        }
    }

    public record LogArtifactInput(String run, String name, String uri, String digest, String clientEventId) {

        public LogArtifact toCommand(Caller caller) {
            return new LogArtifact(
                    Inputs.required("input.run", run, RunId::new),
                    Inputs.text("input.name", name, 512, true),
                    Inputs.uri("input.uri", uri, true),
                    Inputs.required("input.digest", digest, ContentDigest::new));
        }
    }

    public record CompleteRunInput(String run, String clientEventId) {

        public CompleteRun toCommand(Caller caller) {
            return new CompleteRun(Inputs.required("input.run", run, RunId::new));
        }
    }

    public record FailRunInput(String run, String reason, String clientEventId) {

        public FailRun toCommand(Caller caller) {
            return new FailRun(
                    Inputs.required("input.run", run, RunId::new),
                    Inputs.text("input.reason", reason, 2000, true));
        }
    }
}
