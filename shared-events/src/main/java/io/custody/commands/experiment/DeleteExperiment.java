package io.custody.commands.experiment;

import io.custody.meta.Streams;
import io.custody.values.ExperimentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete an experiment (a tombstone: it can be restored). */
public record DeleteExperiment(ExperimentId experiment) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.experiment(experiment);
    }
}
