package io.custody.events.experiment;

import io.custody.values.ExperimentId;

/** A tag of an experiment was set (or overwritten) to a value. */
public record ExperimentTagSet(ExperimentId experiment, String key, String value) implements ExperimentEvent {
}
