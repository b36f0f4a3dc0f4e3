package io.custody.command.api;

/**
 * The bridge that lets a write API promise read-your-writes without knowing the read side: it learns
 * where a stream's newest event sits in the global log, and waits until every projection has passed
 * that position. The server wires the implementation.
 */
public interface ReadYourWrites {

    /** The global position of the newest event in the stream, or -1 if the stream is empty. */
    long headOf(String stream);

    /** Blocks until every read model has applied the event at {@code position}, or the configured timeout. */
    void await(long position);
}
