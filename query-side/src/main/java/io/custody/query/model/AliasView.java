package io.custody.query.model;

import java.time.OffsetDateTime;

/** Where an alias of a model points now. */
public record AliasView(String model, String alias, int version, OffsetDateTime setAt, String setBy, long position) {
}
