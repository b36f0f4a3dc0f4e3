package io.custody.infra.web;

import java.io.IOException;

/** A request body crossed {@code custody.http.max-request-size} while being read: answered 413. */
public class RequestTooLargeException extends IOException {

    RequestTooLargeException(long maxBytes) {
        super(message(maxBytes));
    }

    static String message(long maxBytes) {
        return "the request body is larger than " + maxBytes + " bytes (" + RequestSizeFilter.PROPERTY + ")";
    }
}
