package io.custody.events.model;

import io.custody.values.ModelName;

/** The description of a model ({@code version} null) or of one of its versions was replaced. */
public record ModelDescriptionUpdated(ModelName model, Integer version, String description) implements ModelEvent {
}
