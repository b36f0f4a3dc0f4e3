package io.custody.events.lineage;

import io.custody.values.DatasetName;

/** What OpenLineage DatasetEvents said about a dataset, stream {@code oldataset:<dataset>}. */
public sealed interface ObservedDatasetEvent permits DatasetDescribed {

    DatasetName dataset();
}
