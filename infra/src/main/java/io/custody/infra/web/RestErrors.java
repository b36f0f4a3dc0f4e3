package io.custody.infra.web;

import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.infra.errors.ErrorBody;
import io.custody.infra.errors.KnownFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Optional;
import java.util.UUID;

/**
 * Errors of the HTTP ingest APIs, in the same vocabulary as GraphQL: a code, the offending field and
 * the rule. No stack trace reaches the client.
 */
@RestControllerAdvice(basePackages = "io.custody")
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

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return body(ErrorCode.BAD_REQUEST, "Content-Type", "must be one of " + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return body(ErrorCode.BAD_REQUEST, "body", "is not valid JSON for this endpoint");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        Optional<KnownFailure> known = KnownFailure.of(e);
        if (known.isPresent()) {
            return body(known.get().code(), known.get().field(), known.get().message());
        }
        String reference = UUID.randomUUID().toString();
        log.error("HTTP request failed, reference {}", reference, e);
        return body(ErrorCode.INTERNAL, null, "internal error, reference " + reference);
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
