package io.custody.events.dataset;

import io.custody.values.ColumnProfile;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.SchemaField;
import io.custody.values.Tag;
import io.custody.values.VersionLabel;

import java.util.List;
import java.util.Set;

/**
 * An immutable version of a dataset was recorded: where it lives, the digest of its content, its
 * schema and size, version-specific classification tags, the optional per-column profile that serves
 * as drift baseline, and the job run that produced it when known.
 */
public record DatasetVersionRegistered(DatasetName dataset, VersionLabel version, String location,
                                       ContentDigest digest, List<SchemaField> schema, Long rowCount,
                                       Set<Tag> tags, List<ColumnProfile> profile, String producedByRun)
        implements DatasetEvent {

    public DatasetVersionRegistered {
        schema = schema == null ? List.of() : List.copyOf(schema);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        profile = profile == null ? List.of() : List.copyOf(profile);
    }
}
