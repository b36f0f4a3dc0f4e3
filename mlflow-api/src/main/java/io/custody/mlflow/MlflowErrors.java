package io.custody.mlflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of /api/2.0/mlflow/ in MLflow's shape, {@code {"error_code": "...", "message": "..."}}, so MLflow clients
 * raise their usual exceptions. Limited to this package and ordered first: the rest of Custody keeps its own shape.
 */
@RestControllerAdvice(basePackageClasses = MlflowErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class MlflowErrors {

    private static final Logger log = LoggerFactory.getLogger(MlflowErrors.class);

    record Body(@JsonProperty("error_code") String errorCode, String message) {
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Body> missingParameter(MissingServletRequestParameterException e) {
        return answer(MlflowException.required(e.getParameterName()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Body> parameterType(MethodArgumentTypeMismatchException e) {
        return answer(MlflowException.invalid("Invalid value '" + e.getValue() + "' for parameter '" + e.getName()
                + "'"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Body> unreadable(HttpMessageNotReadableException e) {
        return answer(MlflowException.invalid("the request body is not valid JSON for this endpoint: "
                + e.getMostSpecificCause().getMessage().lines().findFirst().orElse("")));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Body> failure(Exception e) {
        return MlflowException.of(e).map(MlflowErrors::answer).orElseGet(() -> {
            log.error("MLflow request failed", e);
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .body(new Body(MlflowException.INTERNAL_ERROR, "internal error; the server log has the cause"));
        });
    }

    private static ResponseEntity<Body> answer(MlflowException e) {
        return ResponseEntity.status(e.status()).body(new Body(e.errorCode(), e.getMessage()));
    }
}
