package io.custody.events.dataset;

import io.custody.values.DatasetName;

/** Everything that happens to a dataset and its versions. */
public sealed interface DatasetEvent
        permits DatasetRegistered, DatasetVersionRegistered, DatasetVersionQuarantined, DatasetDeprecated,
        ImpactAssessed {

    DatasetName dataset();
}
