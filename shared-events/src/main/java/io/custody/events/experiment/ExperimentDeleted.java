package io.custody.events.experiment;

import io.custody.values.ExperimentId;

/** An experiment was deleted: a tombstone, its runs and history stay and a restore brings it back. */
public record ExperimentDeleted(ExperimentId experiment) implements ExperimentEvent {
}
