package io.custody.events.dataset;

import io.custody.values.DatasetName;
import io.custody.values.VersionLabel;

/** A dataset version was found unfit for use; it may no longer feed runs or production deployments. */
public record DatasetVersionQuarantined(DatasetName dataset, VersionLabel version, String reason)
        implements DatasetEvent {
}
