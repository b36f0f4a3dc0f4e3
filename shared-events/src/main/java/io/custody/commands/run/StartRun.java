package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.CodeVersion;
import io.custody.values.RunId;
import io.custody.values.TrainingEnvironment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/** Start a training run on existing, unquarantined dataset versions. */
public record StartRun(RunId run, String experiment, CodeVersion code, List<DatasetInput> inputs, Map<String, String> hyperparameters, TrainingEnvironment environment, String startedBy) {

    /** A dataset version to read; Custody checks it exists and records its digest. */
    public record DatasetInput(io.custody.values.DatasetName dataset, io.custody.values.VersionLabel version) {
    }

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
