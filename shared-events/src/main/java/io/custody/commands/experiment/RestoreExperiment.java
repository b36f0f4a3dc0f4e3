package io.custody.commands.experiment;

import io.custody.meta.Streams;
import io.custody.values.ExperimentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Restore a deleted experiment. */
public record RestoreExperiment(ExperimentId experiment) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.experiment(experiment);
    }
}
