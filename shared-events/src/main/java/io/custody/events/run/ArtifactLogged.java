package io.custody.events.run;

import io.custody.values.ContentDigest;
import io.custody.values.RunId;

/** A run produced an artifact (a model file, a report) at a URI with a content digest. */
public record ArtifactLogged(RunId run, String name, String uri, ContentDigest digest) implements RunEvent {
}
