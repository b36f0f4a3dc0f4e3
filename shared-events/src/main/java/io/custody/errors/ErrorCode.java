package io.custody.errors;

/**
 * The closed set of error codes a caller can see. They are part of the public API: GraphQL answers
 * carry them in {@code extensions.code}, the HTTP ingest endpoints in each item's outcome.
 */
public enum ErrorCode {
    BAD_REQUEST,
    NOT_FOUND,
    CONFLICT,
    UNAUTHORIZED,
    FORBIDDEN,
    /** Too many failed authentications from one client address (HTTP 429). */
    TOO_MANY_REQUESTS,
    INTERNAL
}
