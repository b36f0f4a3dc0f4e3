package io.custody.events.model;

import io.custody.values.ModelName;

/** A model version was archived: it can no longer be deployed; its history stays. */
public record ModelVersionArchived(ModelName model, int version, String reason) implements ModelEvent {
}
