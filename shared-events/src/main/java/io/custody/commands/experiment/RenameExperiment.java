package io.custody.commands.experiment;

import io.custody.meta.Streams;
import io.custody.values.ExperimentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give an experiment a new name. */
public record RenameExperiment(ExperimentId experiment, String name) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.experiment(experiment);
    }
}
