package io.custody.commands.dataset;

import io.custody.meta.Streams;
import io.custody.values.ColumnProfile;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.SchemaField;
import io.custody.values.Tag;
import io.custody.values.VersionLabel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Set;

/** Record an immutable version of a dataset. */
public record RegisterDatasetVersion(DatasetName dataset, VersionLabel version, String location,
                                     ContentDigest digest, List<SchemaField> schema, Long rowCount,
                                     Set<Tag> tags, List<ColumnProfile> profile, String producedByRun) {

    public RegisterDatasetVersion {
        schema = schema == null ? List.of() : List.copyOf(schema);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        profile = profile == null ? List.of() : List.copyOf(profile);
    }

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.dataset(dataset);
    }
}
