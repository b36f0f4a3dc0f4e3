package io.custody.errors;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure the caller can act on: a code, the offending field (a dotted path such as
 * {@code input.digest}, or {@code null} when no single field is at fault) and a message that states
 * the rule that was broken. Aggregates throw it; the APIs translate it into their wire format.
 */
public class CustodyException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public CustodyException(ErrorCode code, String field, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** The same failure attributed to a field; value records don't know which field they fill. */
    public CustodyException atField(String path) {
        return new CustodyException(code, field == null ? path : path + "." + field, getMessage());
    }

    public static CustodyException badRequest(String field, String message) {
        return new CustodyException(ErrorCode.BAD_REQUEST, field, message);
    }

    public static CustodyException notFound(String field, String message) {
        return new CustodyException(ErrorCode.NOT_FOUND, field, message);
    }

    public static CustodyException conflict(String field, String message) {
        return new CustodyException(ErrorCode.CONFLICT, field, message);
    }

    public static CustodyException forbidden(String field, String message) {
        return new CustodyException(ErrorCode.FORBIDDEN, field, message);
    }

    /**
     * The refusal behind a failure, if there is one: frameworks wrap what a handler threw (Axon's command
     * bus, unit of work and store, sometimes more than once), and the refusal is what the caller must see.
     */
    public static Optional<CustodyException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CustodyException c) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
