package io.custody.meta;

import io.custody.values.DatasetName;

/**
 * Stream (aggregate) identifiers. They carry the entity type as a prefix because all aggregates share
 * one identifier space in the event table: a dataset {@code prod/credit} and a deployment
 * {@code prod/credit} must not collide.
 */
public final class Streams {

    public static final String DATASET = "dataset:";

    private Streams() {
    }

    public static String dataset(DatasetName name) {
        return DATASET + name.value();
    }
}
