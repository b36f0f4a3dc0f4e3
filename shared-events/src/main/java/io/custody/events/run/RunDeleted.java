package io.custody.events.run;

import io.custody.values.RunId;

/** A run was deleted: a tombstone; what it recorded stays, and a restore brings it back. */
public record RunDeleted(RunId run) implements RunEvent {
}
