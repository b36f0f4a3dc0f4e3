package io.custody.events.run;

import io.custody.values.DatasetVersionRef;
import io.custody.values.RunId;

import java.util.List;

/** Dataset versions a run read, logged after it started (with the digests they had, checked to exist and not be quarantined). */
public record RunInputsLogged(RunId run, List<DatasetVersionRef> inputs) implements RunEvent {

    public RunInputsLogged {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }
}
