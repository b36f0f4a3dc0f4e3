package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close a run as failed, with the reason. */
public record FailRun(RunId run, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
