package io.custody.infra.web;

import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.infra.errors.ErrorBody;
import io.custody.infra.errors.KnownFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.time.temporal.Temporal;
import java.util.Optional;
import java.util.UUID;

/**
 * Errors of the HTTP ingest APIs, in the same vocabulary as GraphQL: a code, the offending field and
 * the rule. No stack trace reaches the client. Not limited to our packages: a request refused before a
 * controller is chosen (an unsupported content type) has no handler, and only a global advice sees it.
 */
@RestControllerAdvice
class RestErrors {

    private static final Logger log = LoggerFactory.getLogger(RestErrors.class);

    @ExceptionHandler(CustodyException.class)
    ResponseEntity<ErrorBody> custody(CustodyException e) {
        return body(e.code(), e.field(), e.getMessage());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return body(ErrorCode.BAD_REQUEST, e.getParameterName(), "is required");
    }

    /** A parameter that does not parse as its type ({@code ?wait=maybe}, {@code ?limit=ten}). */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> parameterType(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == boolean.class || type == Boolean.class ? "true or false"
                : type != null && (type.isPrimitive() || Number.class.isAssignableFrom(type)) ? "a number"
                : type != null && Temporal.class.isAssignableFrom(type) ? "an ISO-8601 instant, e.g. 2026-01-15T09:00:00Z"
                : "a valid " + (type == null ? "value" : type.getSimpleName());
        return body(ErrorCode.BAD_REQUEST, e.getName(), "must be " + expected + " (got '" + abbreviate(e.getValue())
                + "')");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new ErrorBody(ErrorCode.BAD_REQUEST.name(),
                "Content-Type", "must be one of " + e.getSupportedMediaTypes()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return tooLarge(e).orElseGet(() -> body(ErrorCode.BAD_REQUEST, "body", "is not valid JSON for this endpoint"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        Optional<ResponseEntity<ErrorBody>> tooLarge = tooLarge(e);
        if (tooLarge.isPresent()) {
            return tooLarge.get();
        }
        if (e instanceof ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
            // Spring's own refusals (no such path, method not allowed, not acceptable) keep their status.
            HttpStatusCode status = refusal.getStatusCode();
            ErrorCode code = status.value() == HttpStatus.NOT_FOUND.value() ? ErrorCode.NOT_FOUND : ErrorCode.BAD_REQUEST;
            return ResponseEntity.status(status).body(new ErrorBody(code.name(), null, refusal.getBody().getDetail()));
        }
        Optional<KnownFailure> known = KnownFailure.of(e);
        if (known.isPresent()) {
            return body(known.get().code(), known.get().field(), known.get().message());
        }
        String reference = UUID.randomUUID().toString();
        log.error("HTTP request failed, reference {}", reference, e);
        return body(ErrorCode.INTERNAL, null, "internal error, reference " + reference);
    }

    /** The body crossed custody.http.max-request-size while the endpoint read it (RequestSizeFilter). */
    private static Optional<ResponseEntity<ErrorBody>> tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RequestTooLargeException) {
                return Optional.of(ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(new ErrorBody(
                        ErrorCode.BAD_REQUEST.name(), RequestSizeFilter.PROPERTY, t.getMessage())));
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    static ResponseEntity<ErrorBody> body(ErrorCode code, String field, String message) {
        return ResponseEntity.status(status(code)).body(new ErrorBody(code.name(), field, message));
    }

    static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
