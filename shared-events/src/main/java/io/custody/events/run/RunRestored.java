package io.custody.events.run;

import io.custody.values.RunId;

/** A deleted run was restored. */
public record RunRestored(RunId run) implements RunEvent {
}
