package io.custody.events.dataset;

import io.custody.values.DatasetName;

/** A dataset was retired: existing lineage stays valid, new versions are refused. */
public record DatasetDeprecated(DatasetName dataset, String reason) implements DatasetEvent {
}
