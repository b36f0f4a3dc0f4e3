package io.custody.events.run;

import io.custody.values.RunId;

/** A tag of a run was deleted; the event that set it stays in the log. */
public record RunTagDeleted(RunId run, String key) implements RunEvent {
}
