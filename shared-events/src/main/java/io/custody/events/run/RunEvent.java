package io.custody.events.run;

import io.custody.values.RunId;

/** Everything that happens to a training run. */
public sealed interface RunEvent permits RunStarted, MetricsLogged, ArtifactLogged, RunCompleted, RunFailed,
        RunParamsLogged, RunTagsSet, RunTagDeleted, RunInputsLogged, RunCodeRecorded, RunDeleted, RunRestored {

    RunId run();
}
