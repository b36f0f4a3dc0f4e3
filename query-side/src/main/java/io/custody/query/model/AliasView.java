package io.custody.query.model;

import io.custody.query.support.AsOf;

import java.time.OffsetDateTime;

/** Where an alias of a model points, now or as of {@code asOf} (null for now). */
public record AliasView(String model, String alias, int version, OffsetDateTime setAt, String setBy, long position,
                        AsOf asOf) {
}
