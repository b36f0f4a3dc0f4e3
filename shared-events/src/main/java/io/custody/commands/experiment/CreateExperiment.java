package io.custody.commands.experiment;

import io.custody.meta.Streams;
import io.custody.values.ExperimentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Create an experiment under a name no other live experiment has. */
public record CreateExperiment(ExperimentId experiment, String name, String artifactLocation, Map<String, String> tags) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.experiment(experiment);
    }
}
