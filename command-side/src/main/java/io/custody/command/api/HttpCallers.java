package io.custody.command.api;

import io.custody.meta.Caller;
import jakarta.servlet.http.HttpServletRequest;

/** Resolves the caller of a plain HTTP request, the same way GraphQL requests are resolved. */
public final class HttpCallers {

    private HttpCallers() {
    }

    public static Caller from(HttpServletRequest request, String defaultSource) {
        String source = request.getHeader(Caller.SOURCE_HEADER);
        return new Caller(request.getHeader(Caller.ACTOR_HEADER),
                source == null || source.isBlank() ? defaultSource : source,
                request.getHeader(Caller.CORRELATION_HEADER));
    }
}
