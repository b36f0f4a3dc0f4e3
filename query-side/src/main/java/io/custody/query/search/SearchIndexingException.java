package io.custody.query.search;

import java.util.List;

/**
 * The index refused or did not receive a document; the batch fails. {@link #statuses()} are the HTTP statuses the
 * index answered, so that a refusal of this document (400) can be told from an index that is unreachable or
 * overloaded (none, 429, 5xx), which is retried.
 */
public class SearchIndexingException extends RuntimeException {

    private final List<Integer> statuses;

    public SearchIndexingException(String message, List<Integer> statuses) {
        super(message);
        this.statuses = List.copyOf(statuses);
    }

    public SearchIndexingException(String message, Throwable cause, List<Integer> statuses) {
        super(message, cause);
        this.statuses = List.copyOf(statuses);
    }

    /** The statuses of the failed items or request; empty when the index was not reached. */
    public List<Integer> statuses() {
        return statuses;
    }
}
