package io.custody.mlflow;

import io.custody.errors.CustodyException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;

/**
 * An MLflow error: its {@code error_code} and the HTTP status MLflow's server answers it with. Custody's own
 * refusals translate: BAD_REQUEST and CONFLICT to INVALID_PARAMETER_VALUE, NOT_FOUND to RESOURCE_DOES_NOT_EXIST,
 * FORBIDDEN (a policy refusal) to PERMISSION_DENIED; a creation that collides is RESOURCE_ALREADY_EXISTS.
 */
public class MlflowException extends RuntimeException {

    public static final String INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";
    public static final String RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";
    public static final String RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";
    public static final String PERMISSION_DENIED = "PERMISSION_DENIED";
    public static final String ENDPOINT_NOT_FOUND = "ENDPOINT_NOT_FOUND";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private final String errorCode;
    private final HttpStatus status;

    public MlflowException(String errorCode, HttpStatus status, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.status = status;
    }

    public static MlflowException invalid(String message) {
        return new MlflowException(INVALID_PARAMETER_VALUE, HttpStatus.BAD_REQUEST, message);
    }

    public static MlflowException missing(String message) {
        return new MlflowException(RESOURCE_DOES_NOT_EXIST, HttpStatus.NOT_FOUND, message);
    }

    public static MlflowException exists(String message) {
        return new MlflowException(RESOURCE_ALREADY_EXISTS, HttpStatus.BAD_REQUEST, message);
    }

    /** A required field of the request is absent, in MLflow's words. */
    public static MlflowException required(String field) {
        return invalid("Missing value for required parameter '" + field + "'.");
    }

    /** The MLflow error a failure of a Custody command or value means, or empty when it is not a refusal. */
    public static java.util.Optional<MlflowException> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MlflowException m) {
                return java.util.Optional.of(m);
            }
            if (t instanceof AggregateNotFoundException notFound) {
                return java.util.Optional.of(missing("no such " + kindOf(String.valueOf(notFound.getAggregateIdentifier()))));
            }
        }
        return CustodyException.in(failure).map(MlflowException::translate);
    }

    private static MlflowException translate(CustodyException e) {
        String message = (e.field() == null ? "" : e.field() + ": ") + e.getMessage();
        return switch (e.code()) {
            case NOT_FOUND -> missing(message);
            case FORBIDDEN, UNAUTHORIZED -> new MlflowException(PERMISSION_DENIED, HttpStatus.FORBIDDEN, message);
            case INTERNAL -> new MlflowException(INTERNAL_ERROR, HttpStatus.INTERNAL_SERVER_ERROR, message);
            default -> invalid(message);
        };
    }

    private static String kindOf(String stream) {
        return stream == null ? "resource" : stream.replaceFirst(":", " ");
    }

    public String errorCode() {
        return errorCode;
    }

    public HttpStatus status() {
        return status;
    }
}
