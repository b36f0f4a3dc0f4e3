package io.custody.events.run;

import io.custody.values.RunId;

/** A run finished successfully and is closed: nothing more can be logged to it. */
public record RunCompleted(RunId run) implements RunEvent {
}
