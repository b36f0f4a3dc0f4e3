package io.custody.query.store;

/**
 * The newest global position of the event store, as the query side reads it (read-your-writes waits, "as of
 * now"). Implemented by the store adapter in infra ({@code io.custody.infra.store}).
 */
public interface LogHead {

    /** The highest global position in the store, or -1 when it is empty. */
    long globalHead();
}
