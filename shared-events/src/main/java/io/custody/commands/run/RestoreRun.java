package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Restore a deleted run. */
public record RestoreRun(RunId run) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
