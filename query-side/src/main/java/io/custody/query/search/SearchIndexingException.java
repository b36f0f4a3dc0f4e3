package io.custody.query.search;

/** The index refused or did not receive a document; the batch fails and is retried. */
public class SearchIndexingException extends RuntimeException {

    public SearchIndexingException(String message) {
        super(message);
    }

    public SearchIndexingException(String message, Throwable cause) {
        super(message, cause);
    }
}
