package io.custody.events.model;

import io.custody.values.ModelName;

/** Everything that happens to a registered model and its versions. */
public sealed interface ModelEvent permits ModelRegistered, ModelVersionRegistered, ValidationRecorded,
        ModelVersionApproved, AliasSet, AliasRemoved, ModelVersionArchived, ModelVersionStageTransitioned,
        ModelDescriptionUpdated, RegisteredModelDeleted, ModelTagsSet, ModelTagDeleted, RegisteredModelRenamed {

    ModelName model();
}
