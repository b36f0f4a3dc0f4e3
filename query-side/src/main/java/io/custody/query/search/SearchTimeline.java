package io.custody.query.search;

import io.custody.query.support.AsOf;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * What the search index cannot say: the state of an entity at an instant. The index holds each entity's
 * current document only; each slice answers for its own entity types from its temporal read models, and
 * search asked {@code asOf} keeps the hits that existed then, with the facets that change over time
 * (live, quarantined, a deployment's title) as they were then.
 */
public interface SearchTimeline {

    /** The entity types this timeline answers for. */
    Set<EntityType> types();

    /**
     * The state at the instant of the entities of one type with these keys (the search keys, such as
     * {@code lending/applications@v3}); an entity that did not exist then is absent from the answer.
     */
    Map<String, HitState> statesAt(EntityType type, Collection<String> keys, AsOf asOf);

    /** An entity's facets at an instant; a null field keeps the index's value (it never changes). */
    record HitState(Boolean live, Boolean quarantined, String title) {

        public static HitState existed() {
            return new HitState(null, null, null);
        }
    }
}
