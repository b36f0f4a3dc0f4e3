package io.custody.query.search;

/** The kinds of entity the search index holds; the GraphQL enum of the same name mirrors it. */
public enum EntityType {
    DATASET,
    DATASET_VERSION,
    RUN,
    MODEL,
    MODEL_VERSION,
    DEPLOYMENT
}
