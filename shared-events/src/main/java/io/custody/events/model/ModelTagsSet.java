package io.custody.events.model;

import io.custody.values.ModelName;

import java.util.Map;

/**
 * Tags of a registered model ({@code version} null) or of one of its versions were set (MLflow's
 * {@code set-registered-model-tag}, {@code set-model-version-tag}, or the tags given at creation): each key takes
 * its value, other tags stay. Who set them is in the metadata.
 */
public record ModelTagsSet(ModelName model, Integer version, Map<String, String> tags) implements ModelEvent {

    public ModelTagsSet {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
