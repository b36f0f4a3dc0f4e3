package io.custody.query.support;

import io.custody.errors.CustodyException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/** Opaque cursors: a base64 of the sort key, so clients can't depend on what's inside. */
public final class Cursors {

    public static final int MAX_PAGE = 500;

    private Cursors() {
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CustodyException.badRequest("after", "is not a cursor this API returned");
        }
    }

    /** A decoded cursor parsed back into its sort key; anything that does not parse is BAD_REQUEST naming {@code after}. */
    public static <C> C parse(String decoded, Function<String, C> parser) {
        try {
            return parser.apply(decoded);
        } catch (RuntimeException e) {
            throw CustodyException.badRequest("after", "is not a cursor this API returned");
        }
    }

    public static int pageSize(Integer first) {
        int size = first == null ? 50 : first;
        if (size < 1 || size > MAX_PAGE) {
            throw CustodyException.badRequest("first", "must be between 1 and " + MAX_PAGE);
        }
        return size;
    }
}
