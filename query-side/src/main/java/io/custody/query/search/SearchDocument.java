package io.custody.query.search;

import java.util.List;

/**
 * One entity in the search index. Its id is deterministic ({@code type:key}) so re-indexing the same
 * entity replaces the document instead of adding another. The index mapping is strict: a field not
 * listed here is refused, not silently mapped. Built by name: {@link #of}, then {@link Builder}.
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

    /** A document for the entity {@code type:key}, titled by its key until {@link Builder#title} says otherwise. */
    public static Builder of(EntityType type, String key) {
        Builder builder = new Builder();
        builder.id = idOf(type, key);
        builder.type = type.name();
        builder.key = key;
        builder.title = key;
        return builder;
    }

    public SearchDocument at(long newPosition, String newUpdatedAt) {
        return toBuilder().at(newPosition, newUpdatedAt).build();
    }

    public SearchDocument withQuarantined(boolean value) {
        return toBuilder().quarantined(value).build();
    }

    public SearchDocument withDeprecated(boolean value) {
        return toBuilder().deprecated(value).build();
    }

    public SearchDocument withTitle(String value) {
        return toBuilder().title(value).build();
    }

    public SearchDocument withLive(Boolean value) {
        return toBuilder().live(value).build();
    }

    private Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id;
        builder.type = type;
        builder.key = key;
        builder.title = title;
        builder.text = text;
        builder.owner = owner;
        builder.domain = domain;
        builder.environment = environment;
        builder.live = live;
        builder.tags = tags;
        builder.quarantined = quarantined;
        builder.deprecated = deprecated;
        builder.updatedAt = updatedAt;
        builder.position = position;
        return builder;
    }

    /** The fields of a document by name; those not set stay empty (null, or no tags). */
    public static final class Builder {

        private String id;
        private String type;
        private String key;
        private String title;
        private String text;
        private String owner;
        private String domain;
        private String environment;
        private Boolean live;
        private List<String> tags = List.of();
        private Boolean quarantined;
        private Boolean deprecated;
        private String updatedAt;
        private long position;

        private Builder() {
        }

        public Builder title(String value) {
            title = value;
            return this;
        }

        public Builder text(String value) {
            text = value;
            return this;
        }

        public Builder owner(String value) {
            owner = value;
            return this;
        }

        public Builder domain(String value) {
            domain = value;
            return this;
        }

        public Builder environment(String value) {
            environment = value;
            return this;
        }

        public Builder live(Boolean value) {
            live = value;
            return this;
        }

        public Builder tags(List<String> value) {
            tags = value;
            return this;
        }

        public Builder quarantined(Boolean value) {
            quarantined = value;
            return this;
        }

        public Builder deprecated(Boolean value) {
            deprecated = value;
            return this;
        }

        /** The event position and time the document reflects. */
        public Builder at(long newPosition, String newUpdatedAt) {
            position = newPosition;
            updatedAt = newUpdatedAt;
            return this;
        }

        public SearchDocument build() {
            return new SearchDocument(id, type, key, title, text, owner, domain, environment, live, tags, quarantined,
                    deprecated, updatedAt, position);
        }
    }
}
