package io.custody.command.api;

import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * The one classifier of which failures are worth another try: a concurrent writer appended to one of the
 * streams first. Axon reports the event table's unique (aggregate, sequence) key violated as a
 * {@link ConcurrencyException}, or, for a stream's first event, an {@link AggregateStreamCreationException}
 * (which is not a ConcurrencyException). Anything else, a refused command's CONFLICT above all, is the
 * answer and is reported at once.
 */
public final class ConcurrentAppend {

    private ConcurrentAppend() {
    }

    /** Searches the whole cause chain: Axon and Spring wrap what the store threw. */
    public static boolean isConcurrentAppend(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }
}
