package io.custody.query.dataset;

import io.custody.events.dataset.DatasetDeprecated;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.query.search.EntityType;
import io.custody.query.search.SearchDocument;
import io.custody.query.search.SearchIndex;
import io.custody.query.support.EventPositions;
import io.custody.values.DatasetVersionKey;
import io.custody.values.Tag;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Puts datasets and dataset versions into the search index. */
@Component
@ProcessingGroup(SearchIndex.GROUP)
class DatasetSearchProjection {

    /** Owners seen, by dataset; bounded, since it only saves lookups. */
    static final int OWNERS_KEPT = 100_000;

    private final SearchIndex index;
    /**
     * Each dataset's owner, as registered. A dataset's owner never changes (registration is not an update),
     * so a version's document can take it from here instead of reading the dataset's document from the
     * index: a real-time GET per version, which made the search node refresh again and again under
     * OpenLineage ingest, where every event registers a version.
     */
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final EventPositions positions;

    DatasetSearchProjection(SearchIndex index, EventPositions positions) {
        this.index = index;
        this.positions = positions;
    }

    @EventHandler
    void on(DatasetRegistered event, TrackingToken token, @Timestamp Instant at) {
        String key = event.dataset().value();
        remember(key, event.owner().value());
        index.put(SearchDocument.of(EntityType.DATASET, key).text(event.description()).owner(event.owner().value())
                .tags(tags(event.tags())).deprecated(false).at(positions.of(token), at.toString()).build());
    }

    @EventHandler
    void on(DatasetVersionRegistered event, TrackingToken token, @Timestamp Instant at) {
        String key = DatasetVersionKey.of(event.dataset(), event.version()).key();
        String owner = owners.get(event.dataset().value());
        if (owner == null) {
            owner = index.get(SearchDocument.idOf(EntityType.DATASET, event.dataset().value()))
                    .map(SearchDocument::owner).orElse(null);
            if (owner != null) {
                remember(event.dataset().value(), owner);
            }
        }
        String text = Stream.concat(Stream.of(event.location(), event.digest().value()),
                event.schema().stream().map(f -> f.name())).reduce((a, b) -> a + " " + b).orElse("");
        index.put(SearchDocument.of(EntityType.DATASET_VERSION, key).text(text).owner(owner)
                .tags(tags(event.tags())).quarantined(false).at(positions.of(token), at.toString()).build());
    }

    @EventHandler
    void on(DatasetVersionQuarantined event, TrackingToken token, @Timestamp Instant at) {
        long position = positions.of(token);
        String id = SearchDocument.idOf(EntityType.DATASET_VERSION,
                DatasetVersionKey.of(event.dataset(), event.version()).key());
        index.get(id).filter(doc -> doc.position() < position)
                .ifPresent(doc -> index.put(doc.withQuarantined(true).at(position, at.toString())));
    }

    @EventHandler
    void on(DatasetDeprecated event, TrackingToken token, @Timestamp Instant at) {
        long position = positions.of(token);
        index.get(SearchDocument.idOf(EntityType.DATASET, event.dataset().value()))
                .filter(doc -> doc.position() < position)
                .ifPresent(doc -> index.put(doc.withDeprecated(true).at(position, at.toString())));
    }

    private void remember(String dataset, String owner) {
        if (owners.size() >= OWNERS_KEPT) {
            owners.clear();
        }
        owners.put(dataset, owner);
    }

    private static List<String> tags(Set<Tag> tags) {
        return tags.stream().map(Tag::value).sorted().toList();
    }
}
