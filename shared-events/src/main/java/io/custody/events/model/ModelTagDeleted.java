package io.custody.events.model;

import io.custody.values.ModelName;

/** A tag of a registered model ({@code version} null) or of one of its versions was deleted. */
public record ModelTagDeleted(ModelName model, Integer version, String key) implements ModelEvent {
}
