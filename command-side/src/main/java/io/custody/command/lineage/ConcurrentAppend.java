package io.custody.command.lineage;

import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * The one failure of an OpenLineage append worth another try: a concurrent writer appended to one of its
 * streams first. Axon reports the event table's unique (aggregate, sequence) key violated as a
 * {@link ConcurrencyException}, or, for a stream's first event, an {@link AggregateStreamCreationException}.
 * Anything else, a refused command's CONFLICT above all, is the answer and is reported at once.
 */
final class ConcurrentAppend {

    private ConcurrentAppend() {
    }

    static boolean isConcurrentAppend(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }
}
