package io.custody.command.api;

/**
 * The bridge that lets a write API promise read-your-writes without knowing the read side: it learns
 * where a stream's newest event sits in the global log, and waits until every projection has passed
 * that position. The server wires the implementation.
 */
public interface ReadYourWrites {

    /** The global position of the newest event in the stream, or -1 if the stream is empty. */
    long headOf(String stream);

    /** The global position of the newest stored event, or -1 if the log is empty. */
    long head();

    /** Blocks until every read model has applied the event at {@code position}, or the configured timeout. */
    void await(long position);

    /**
     * Blocks until the named read models (processing groups) have applied the event at {@code position}, or the
     * configured timeout: for an API that answers from those alone, so that is all the consistency its clients
     * can observe (the MLflow API and its {@code rm_ml_*} read model).
     */
    void await(long position, java.util.Set<String> readModels);

    /**
     * Backpressure for bulk ingest: blocks while any read model is more than {@code maxLag} positions
     * behind {@code head}, for at most {@code maxWait}, so that what a sender has been acknowledged is
     * readable soon after, instead of read models falling ever further behind a fast sender.
     */
    void awaitLagWithin(long head, long maxLag, java.time.Duration maxWait);
}
