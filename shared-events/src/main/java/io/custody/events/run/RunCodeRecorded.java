package io.custody.events.run;

import io.custody.values.CodeVersion;
import io.custody.values.RunId;

/** The code a run executed, recorded after it started, once: from the tags its tracking client sent (the git commit and where the code came from). */
public record RunCodeRecorded(RunId run, CodeVersion code) implements RunEvent {
}
