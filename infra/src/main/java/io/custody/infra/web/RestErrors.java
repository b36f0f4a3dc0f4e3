package io.custody.infra.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.UUID;

/**
 * Errors of the HTTP ingest APIs, in the same vocabulary as GraphQL: a code, the offending field and
 * the rule. No stack trace reaches the client.
 */
@RestControllerAdvice(basePackages = "io.custody")
class RestErrors {

    private static final Logger log = LoggerFactory.getLogger(RestErrors.class);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorBody(String code, String field, String message) {
    }

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
        // The innermost known cause decides: a rule's refusal keeps its code, a lost race on a stream's
        // sequence is a CONFLICT to retry.
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof CustodyException c) {
                return custody(c);
            }
            if (t instanceof ConcurrencyException) {
                return body(ErrorCode.CONFLICT, null, "another change to the same entity was recorded at the "
                        + "same moment; retry the request");
            }
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
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
