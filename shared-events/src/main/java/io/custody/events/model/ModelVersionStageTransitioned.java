package io.custody.events.model;

import io.custody.values.ModelName;

/**
 * A model version moved to an MLflow stage (None, Staging, Production or Archived) from {@code previousStage}.
 * The stage's alias (staging, production, archived) moves with it in an {@link AliasSet} of the same command,
 * so the alias history is also the stage history.
 */
public record ModelVersionStageTransitioned(ModelName model, int version, String stage, String previousStage)
        implements ModelEvent {
}
