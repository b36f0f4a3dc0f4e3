package io.custody.commands.experiment;

import io.custody.meta.Streams;
import io.custody.values.ExperimentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Set a tag of an experiment. */
public record SetExperimentTag(ExperimentId experiment, String key, String value) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.experiment(experiment);
    }
}
