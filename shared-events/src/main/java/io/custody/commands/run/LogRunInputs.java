package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Log dataset versions a running run read; Custody checks they exist and records their digests. */
public record LogRunInputs(RunId run, List<StartRun.DatasetInput> inputs) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
