package io.custody.query.run;

import java.time.OffsetDateTime;

/** A file a run produced, pinned by digest. */
public record ArtifactView(String run, String name, String uri, String digest, OffsetDateTime loggedAt,
                           String loggedBy, long position) {
}
