package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close a run as completed. */
public record CompleteRun(RunId run) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
