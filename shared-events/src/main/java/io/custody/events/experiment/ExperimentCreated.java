package io.custody.events.experiment;

import io.custody.values.ExperimentId;
import java.util.Map;

/** An experiment was created under a name unique among experiments not deleted, with the artifact location its runs report and its first tags. */
public record ExperimentCreated(ExperimentId experiment, String name, String artifactLocation, Map<String, String> tags) implements ExperimentEvent {

    public ExperimentCreated {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
