package io.custody.events.dataset;

import io.custody.values.DatasetName;
import io.custody.values.Tag;
import io.custody.values.TeamName;

import java.util.Set;

/**
 * A dataset became known to Custody: its identity, owning team, description and classification tags.
 * Tags on the dataset apply to every version of it.
 */
public record DatasetRegistered(DatasetName dataset, TeamName owner, String description, Set<Tag> tags)
        implements DatasetEvent {

    public DatasetRegistered {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }
}
