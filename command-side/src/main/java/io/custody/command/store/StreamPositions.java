package io.custody.command.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What the command side reads of the event store besides loading aggregates: the newest global position, and
 * the newest sequence number of one stream. Implemented by the store adapter in infra
 * ({@code io.custody.infra.store}); the command side never names the store's tables.
 */
public interface StreamPositions {

    /** The highest global position in the store, or -1 when it is empty. */
    long globalHead();

    /** The sequence number of the newest event of {@code stream}, empty when the stream holds none. */
    Optional<Long> lastSequenceNumber(String stream);

    /** The sequence number of each stream's newest event, for the streams among {@code streams} that hold one. */
    Map<String, Long> newestSequences(Collection<String> streams);

    /** The global position of each stream's newest event, for the streams among {@code streams} that hold one. */
    Map<String, Long> newestPositions(Collection<String> streams);
}
