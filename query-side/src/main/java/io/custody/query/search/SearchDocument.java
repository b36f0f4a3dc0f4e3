package io.custody.query.search;

import java.util.List;

/**
 * One entity in the search index. Its id is deterministic ({@code type:key}) so re-indexing the same
 * entity replaces the document instead of adding another. The index mapping is strict: a field not
 * listed here is refused, not silently mapped.
 */
public record SearchDocument(String id, String type, String key, String title, String text, String owner,
                             String domain, String environment, Boolean live, List<String> tags, Boolean quarantined,
                             Boolean deprecated, String updatedAt, long position) {

    public SearchDocument {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static String idOf(EntityType type, String key) {
        return type.name() + ":" + key;
    }

    public SearchDocument at(long newPosition, String newUpdatedAt) {
        return new SearchDocument(id, type, key, title, text, owner, domain, environment, live, tags, quarantined,
                deprecated, newUpdatedAt, newPosition);
    }

    public SearchDocument withQuarantined(boolean value) {
        return new SearchDocument(id, type, key, title, text, owner, domain, environment, live, tags, value, deprecated,
                updatedAt, position);
    }

    public SearchDocument withDeprecated(boolean value) {
        return new SearchDocument(id, type, key, title, text, owner, domain, environment, live, tags, quarantined, value,
                updatedAt, position);
    }

    public SearchDocument withLive(Boolean value) {
        return new SearchDocument(id, type, key, title, text, owner, domain, environment, value, tags, quarantined,
                deprecated, updatedAt, position);
    }
}
