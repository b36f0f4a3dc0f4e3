package io.custody.events.run;

import io.custody.values.RunId;

import java.util.Map;

/** Tags of a run set (or overwritten), e.g. the MLflow tags mlflow.runName or mlflow.source.git.commit. */
public record RunTagsSet(RunId run, Map<String, String> tags) implements RunEvent {

    public RunTagsSet {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
