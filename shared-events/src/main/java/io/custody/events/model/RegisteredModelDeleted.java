package io.custody.events.model;

import io.custody.values.ModelName;

/**
 * A registered model was deleted (MLflow's {@code registered-models/delete}): a tombstone. Its name stays taken
 * and every earlier event of its stream stays; it takes no more commands. Who deleted it is in the metadata.
 */
public record RegisteredModelDeleted(ModelName model) implements ModelEvent {
}
