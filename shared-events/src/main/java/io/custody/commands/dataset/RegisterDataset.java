package io.custody.commands.dataset;

import io.custody.meta.Streams;
import io.custody.values.DatasetName;
import io.custody.values.Tag;
import io.custody.values.TeamName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/** Make a dataset known to Custody. Registering it again with the same facts is a no-op. */
public record RegisterDataset(DatasetName dataset, TeamName owner, String description, Set<Tag> tags) {

    public RegisterDataset {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.dataset(dataset);
    }
}
