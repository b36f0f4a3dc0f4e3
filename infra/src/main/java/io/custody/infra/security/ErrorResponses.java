package io.custody.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.errors.ErrorCode;
import io.custody.infra.errors.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;

/**
 * The security layer's refusals in the body every HTTP error of this server has ({@link ErrorBody}): 401
 * with {@code WWW-Authenticate: Bearer}, and 429 when an address failed too often.
 */
class ErrorResponses implements AuthenticationEntryPoint {

    private final ObjectMapper json;

    ErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException failure) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(response, HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHORIZED, message(failure));
    }

    void tooManyFailures(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        write(response, 429, ErrorCode.TOO_MANY_REQUESTS,
                "too many failed authentications from this address; try again later");
    }

    private void write(HttpServletResponse response, int status, ErrorCode code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new ErrorBody(code.name(), HttpHeaders.AUTHORIZATION, message));
    }

    /** Says what was wrong without echoing the credential. */
    private static String message(AuthenticationException failure) {
        if (failure instanceof InsufficientAuthenticationException) {
            return "requires Authorization: Bearer <token>";
        }
        return failure.getMessage() == null ? "the bearer token is not valid" : failure.getMessage();
    }
}
