package io.custody.command.api;

import java.util.List;

/**
 * The HTTP headers a request names its {@link Caller} with: {@link HttpCallers} reads them, and the server
 * refuses a request whose values could not be recorded ({@link #headerProblem}).
 */
public final class CallerHeaders {

    /**
     * The caller names the source system and the business transaction in these headers. The actor header
     * counts only with authentication off; otherwise the actor is the authenticated principal
     * (docs/security.md).
     */
    public static final String ACTOR_HEADER = "X-Custody-Actor";
    public static final String SOURCE_HEADER = "X-Custody-Source";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** The headers a request names its caller with; each is checked by {@link #headerProblem}. */
    public static final List<String> HEADERS = List.of(ACTOR_HEADER, SOURCE_HEADER, CORRELATION_HEADER);
    /**
     * The longest actor, source or correlation id: every read-model column that keeps one holds at least
     * this many characters (query-side V43).
     */
    public static final int MAX_HEADER_LENGTH = 200;

    private CallerHeaders() {
    }

    /** Why a caller header's value cannot be recorded, or null when it can. */
    public static String headerProblem(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_HEADER_LENGTH) {
            return "must be at most " + MAX_HEADER_LENGTH + " characters (got " + value.length() + ")";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }
}
