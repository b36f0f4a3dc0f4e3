package io.custody.infra.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.errors.ErrorCode;
import io.custody.infra.errors.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;

import java.io.IOException;

/** Answers a request refused by a servlet filter, before any controller ran, with the project's error body. */
final class HttpErrorWriter {

    private HttpErrorWriter() {
    }

    static void write(ObjectMapper json, HttpServletResponse response, int status, String field, String message)
            throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // 400, 413 and 415 alike: the caller sent something to fix, which the code says and the status refines.
        json.writeValue(response.getOutputStream(), new ErrorBody(ErrorCode.BAD_REQUEST.name(), field, message));
    }
}
