package io.custody.events.run;

import io.custody.values.RunId;

/** A run failed and is closed, with the reason. */
public record RunFailed(RunId run, String reason) implements RunEvent {
}
