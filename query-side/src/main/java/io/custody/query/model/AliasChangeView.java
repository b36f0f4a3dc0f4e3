package io.custody.query.model;

import java.time.OffsetDateTime;

/** One change of a model's alias: where it pointed from then on ({@code version} null: removed), who, when. */
public record AliasChangeView(String model, String alias, Integer version, OffsetDateTime changedAt, String changedBy,
                              long position) {
}
