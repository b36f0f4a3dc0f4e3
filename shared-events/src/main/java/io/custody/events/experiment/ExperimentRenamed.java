package io.custody.events.experiment;

import io.custody.values.ExperimentId;

/** An experiment took a new name; {@code previousName} is the one it had. */
public record ExperimentRenamed(ExperimentId experiment, String name, String previousName) implements ExperimentEvent {
}
