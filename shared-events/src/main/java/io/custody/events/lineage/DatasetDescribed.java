package io.custody.events.lineage;

import io.custody.values.DatasetName;
import io.custody.values.LineageDataset;

import java.time.Instant;

/**
 * An OpenLineage DatasetEvent described a dataset (and a version of it when it carried a version
 * facet) apart from any run, with every dataset facet as sent.
 */
public record DatasetDescribed(DatasetName dataset, LineageDataset description, Instant eventTime, String producer)
        implements ObservedDatasetEvent {
}
