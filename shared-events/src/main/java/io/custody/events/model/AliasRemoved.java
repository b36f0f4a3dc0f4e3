package io.custody.events.model;

import io.custody.values.Alias;
import io.custody.values.ModelName;

/** An alias was removed; it pointed at {@code version}. */
public record AliasRemoved(ModelName model, Alias alias, int version) implements ModelEvent {
}
