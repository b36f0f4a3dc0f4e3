package io.custody.events.experiment;

import io.custody.values.ExperimentId;

/** Everything that happens to an experiment, the group MLflow clients log runs under. */
public sealed interface ExperimentEvent permits ExperimentCreated, ExperimentRenamed, ExperimentDeleted,
        ExperimentRestored, ExperimentTagSet {

    ExperimentId experiment();
}
