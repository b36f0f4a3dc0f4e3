package io.custody.command.experiment;

import io.custody.values.ExperimentId;

import java.util.Optional;

/**
 * What the experiment rules ask of other experiments: which live experiment holds a name. Answered from the
 * command-side table {@code cs_experiment}, written in the transaction that appends the events.
 */
public interface ExperimentLookups {

    Optional<ExperimentId> liveExperimentNamed(String name);

    /** Whether the experiment exists and is not deleted: runs are only created in live experiments. */
    boolean isLive(ExperimentId experiment);

    /** Whether the experiment was ever created (deleted or not): its id is then taken. */
    boolean exists(ExperimentId experiment);

    /** A fresh id for a new experiment, from a database sequence, as MLflow numbers them. */
    ExperimentId nextId();
}
