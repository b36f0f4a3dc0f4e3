package io.custody.command.api;

import io.custody.command.store.StreamPositions;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The newest sequence number of each stream a unit of work is about to touch, read with one query in its
 * transaction before its commands run. Loading an aggregate otherwise costs a query of its own: the cache's
 * check that an entry is current, or, for a stream that does not exist yet, a read that finds nothing.
 * A writer that appends to one of these streams after the read makes this unit of work's append collide on
 * the stream's sequence key, as it would have without the read: the ingest retries.
 */
public final class StreamHeads {

    private static final String RESOURCE = StreamHeads.class.getName();
    /** The head of a stream that holds no event. */
    public static final long EMPTY = -1;

    private StreamHeads() {
    }

    /** Reads the heads of {@code streams} and keeps them for the commands of {@code uow}. */
    public static void read(StreamPositions positions, UnitOfWork<?> uow, Collection<String> streams) {
        Map<String, Long> heads = new HashMap<>();
        streams.forEach(s -> heads.put(s, EMPTY));
        heads.putAll(positions.newestSequences(streams));
        uow.root().resources().put(RESOURCE, heads);
    }

    /**
     * The head read for {@code stream} at the start of the current unit of work, if it was read. A stream is
     * loaded once per unit of work (Axon keeps the loaded aggregate for the rest of it), so the head read
     * before the first load is the one that matters.
     */
    public static Optional<Long> known(String stream) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        Map<String, Long> heads = CurrentUnitOfWork.get().root().getResource(RESOURCE);
        return heads == null ? Optional.empty() : Optional.ofNullable(heads.get(stream));
    }

    /** Whether {@code stream} was read as holding no event at the start of the current unit of work. */
    public static boolean knownEmpty(String stream) {
        return known(stream).map(head -> head == EMPTY).orElse(false);
    }
}
