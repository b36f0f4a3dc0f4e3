package io.custody.query.policy;

import java.time.OffsetDateTime;

/** One published version of a policy, as {@code policy} and {@code policies} answer it. */
public record PolicyView(String name, int version, String document, String sha256, String publishedBy,
                         OffsetDateTime publishedAt, Long position, boolean builtin) {
}
