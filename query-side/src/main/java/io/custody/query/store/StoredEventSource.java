package io.custody.query.store;

/**
 * The stored events as an SQL relation, for statements the query side runs on its own connection: a copy into a
 * read model that must stay one set-wise statement in the processor's transaction (and, during a rebuild, on the
 * shadow schema's connection), or a read that joins the events to a read model. Implemented by the store adapter
 * in infra ({@code io.custody.infra.store}); the query side names only the columns below, never the store's
 * tables. The relation is a plain {@code SELECT}, so PostgreSQL folds it into the caller's statement and the
 * caller's conditions use the store's indexes.
 */
public interface StoredEventSource {

    /** A column of the relation, under its alias. */
    enum Column {
        /** The event's global position (bigint). */
        POSITION("position"),
        /** The event's identifier (text). */
        EVENT_ID("event_id"),
        /** The stream (aggregate identifier) the event belongs to (text). */
        STREAM("stream"),
        /** The stream's type, as the aggregate names it; null for events appended outside an aggregate (text). */
        STREAM_TYPE("stream_type"),
        /** The event's sequence number in its stream (bigint). */
        SEQUENCE("sequence"),
        /** The payload's fully qualified class name (text). */
        PAYLOAD_TYPE("payload_type"),
        /** The payload's revision, null for none (text). */
        REVISION("revision"),
        /** When the event was recorded (timestamptz). */
        RECORDED_AT("recorded_at"),
        /** The payload parsed (jsonb), for a statement that reads it in every row. */
        PAYLOAD("payload"),
        /** The metadata parsed (jsonb), for a statement that reads it in every row. */
        METADATA("metadata"),
        /** The payload's JSON exactly as written, UTF-8 (bytea): to copy out verbatim, or parse only where needed. */
        PAYLOAD_JSON("payload_json"),
        /** The metadata's JSON exactly as written, UTF-8 (bytea): to copy out verbatim, or parse only where needed. */
        METADATA_JSON("metadata_json");

        private final String alias;

        Column(String alias) {
            this.alias = alias;
        }

        /** The column's name in the relation. */
        public String alias() {
            return alias;
        }
    }

    /** Every stored event, with {@code columns}: to join or filter in the caller's statement. */
    String all(Column... columns);

    /**
     * The stored events whose identifiers are the statement's one parameter (a {@code varchar[]}), with
     * {@code columns}. Parsed columns cost a parse per row even where the statement does not read them, once the
     * relation is a materialized {@code WITH}: ask only for what is read.
     */
    String byEventIds(Column... columns);
}
