package io.custody.events.model;

import io.custody.values.ModelName;

/**
 * A registered model was renamed through MLflow's {@code registered-models/rename}: MLflow clients know it as
 * {@code name} from now on, and no longer as {@code previousName}. Its Custody identity stays {@code model}, the
 * name of its stream and of every event about it, so lineage and custody hold across the rename. Who renamed it is
 * in the metadata.
 */
public record RegisteredModelRenamed(ModelName model, ModelName name, ModelName previousName) implements ModelEvent {
}
