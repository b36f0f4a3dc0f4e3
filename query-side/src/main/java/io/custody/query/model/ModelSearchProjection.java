package io.custody.query.model;

import io.custody.events.model.ModelRegistered;
import io.custody.events.model.ModelVersionArchived;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.model.RegisteredModelDeleted;
import io.custody.events.model.RegisteredModelRenamed;
import io.custody.query.search.EntityType;
import io.custody.query.search.SearchDocument;
import io.custody.query.search.SearchIndex;
import io.custody.query.support.EventPositions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Puts registered models and model versions into the search index. */
@Component
@ProcessingGroup(SearchIndex.GROUP)
class ModelSearchProjection {

    private final SearchIndex index;
    private final EventPositions positions;

    ModelSearchProjection(SearchIndex index, EventPositions positions) {
        this.index = index;
        this.positions = positions;
    }

    /** The search key of a model version, {@code credit-risk#17}. */
    static String versionKey(String model, int version) {
        return model + "#" + version;
    }

    @EventHandler
    void on(ModelRegistered event, TrackingToken token, @Timestamp Instant at) {
        String key = event.model().value();
        String text = words(event.description(), event.domain(),
                event.riskTier() == null ? null : event.riskTier().name().toLowerCase(java.util.Locale.ROOT));
        index.put(SearchDocument.of(EntityType.MODEL, key).text(text).owner(event.owner().value())
                .domain(event.domain()).at(positions.of(token), at.toString()).build());
    }

    @EventHandler
    void on(ModelVersionRegistered event, TrackingToken token, @Timestamp Instant at) {
        String model = event.model().value();
        String key = versionKey(model, event.version());
        // The model's events share its stream, so its document was applied (or queued) before this one.
        Optional<SearchDocument> modelDoc = index.get(SearchDocument.idOf(EntityType.MODEL, model));
        String text = words(model, event.description(), event.run() == null ? null : event.run().value(),
                event.artifactUri(), event.artifactDigest() == null ? null : event.artifactDigest().value(),
                event.inputSignature());
        index.put(SearchDocument.of(EntityType.MODEL_VERSION, key).text(text)
                .owner(modelDoc.map(SearchDocument::owner).orElse(null))
                .domain(modelDoc.map(SearchDocument::domain).orElse(null)).deprecated(false)
                .at(positions.of(token), at.toString()).build());
    }

    /** An archived version is the model-version form of deprecation: on record, no longer to be used. */
    @EventHandler
    void on(ModelVersionArchived event, TrackingToken token, @Timestamp Instant at) {
        long position = positions.of(token);
        index.get(SearchDocument.idOf(EntityType.MODEL_VERSION, versionKey(event.model().value(), event.version())))
                .filter(doc -> doc.position() < position)
                .ifPresent(doc -> index.put(doc.withDeprecated(true).at(position, at.toString())));
    }

    /** A model renamed through MLflow is titled, and found (titles are searched), by its MLflow name; its key stays. */
    @EventHandler
    void on(RegisteredModelRenamed event, TrackingToken token, @Timestamp Instant at) {
        long position = positions.of(token);
        index.get(SearchDocument.idOf(EntityType.MODEL, event.model().value()))
                .filter(doc -> doc.position() < position)
                .ifPresent(doc -> index.put(doc.withTitle(event.name().value()).at(position, at.toString())));
    }

    /**
     * A deleted registered model leaves the index with its versions (their numbers run from 1 without gaps, so the
     * first one missing ends them); its events and the read models keep them.
     */
    @EventHandler
    void on(RegisteredModelDeleted event, TrackingToken token) {
        long position = positions.of(token);
        String model = event.model().value();
        for (int version = 1; index.get(SearchDocument.idOf(EntityType.MODEL_VERSION, versionKey(model, version)))
                .isPresent(); version++) {
            index.remove(SearchDocument.idOf(EntityType.MODEL_VERSION, versionKey(model, version)), position);
        }
        index.remove(SearchDocument.idOf(EntityType.MODEL, model), position);
    }

    private static String words(String... parts) {
        return String.join(" ", Stream.of(parts).filter(Objects::nonNull).toList());
    }
}
