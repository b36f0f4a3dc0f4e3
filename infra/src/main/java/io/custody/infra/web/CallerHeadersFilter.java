package io.custody.infra.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.api.CallerHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * Refuses a request whose caller headers ({@link CallerHeaders#HEADERS}) the read models could not hold: longer
 * than {@link CallerHeaders#MAX_HEADER_LENGTH} characters, or with a control character. Checked before any API
 * (GraphQL or REST) reads them, so such a request stores nothing: an over-long value inside a stored event would
 * fail the audit trail's projection on every retry.
 */
class CallerHeadersFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    CallerHeadersFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String header : CallerHeaders.HEADERS) {
            List<String> values = Collections.list(request.getHeaders(header));
            for (String value : values) {
                String problem = CallerHeaders.headerProblem(value);
                if (problem != null) {
                    HttpErrorWriter.write(json, response, HttpServletResponse.SC_BAD_REQUEST, header, problem);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
