package io.custody.events.run;

import io.custody.values.CodeVersion;
import io.custody.values.DatasetVersionRef;
import io.custody.values.RunId;
import io.custody.values.TrainingEnvironment;

import java.util.List;
import java.util.Map;

/**
 * A training run started: the code it runs, the dataset versions it reads (with the digests they had,
 * checked to exist and not be quarantined), its hyperparameters and environment, and who started it.
 */
public record RunStarted(RunId run, String experiment, CodeVersion code, List<DatasetVersionRef> inputs,
                         Map<String, String> hyperparameters, TrainingEnvironment environment, String startedBy)
        implements RunEvent {

    public RunStarted {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    }
}
