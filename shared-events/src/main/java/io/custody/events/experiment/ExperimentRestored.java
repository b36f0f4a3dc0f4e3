package io.custody.events.experiment;

import io.custody.values.ExperimentId;

/** A deleted experiment was restored. */
public record ExperimentRestored(ExperimentId experiment) implements ExperimentEvent {
}
