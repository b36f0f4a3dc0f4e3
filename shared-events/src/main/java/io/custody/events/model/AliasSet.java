package io.custody.events.model;

import io.custody.values.Alias;
import io.custody.values.ModelName;

/** An alias now points at a version; {@code previousVersion} is the one it pointed at before, if any. */
public record AliasSet(ModelName model, Alias alias, int version, Integer previousVersion) implements ModelEvent {
}
