package io.custody.command.store;

import java.util.List;
import java.util.Map;

/**
 * Appends events a writer decided itself, without loading their aggregates: each event names its stream,
 * the aggregate type owning the stream and the sequence number it takes there. Implemented by the store
 * adapter in infra ({@code io.custody.infra.store}). The events join the current unit of work: they are
 * stored when it commits, in its transaction, and the subscribing processors (the command-side lookups, the
 * client-event-id claims) handle them there, as they handle an aggregate's. A stream another writer appended
 * to first fails the commit on the store's (stream, sequence) key, which
 * {@link io.custody.command.api.ConcurrentAppend} classifies as worth another try.
 */
public interface EventAppender {

    /**
     * One event: {@code payload} at {@code sequence} of {@code stream}, owned by aggregates of {@code type}
     * (as their {@code @Aggregate(type = ...)} names it), with its metadata.
     */
    record StreamEvent(String type, String stream, long sequence, Object payload, Map<String, ?> metaData) {
    }

    /** Adds {@code events} to the current unit of work, in this order; they must not be empty of one. */
    void append(List<StreamEvent> events);
}
