package io.custody.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.errors.ErrorCode;
import io.custody.infra.errors.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/** HTTP 403 for an authenticated caller without the endpoint's role, naming the roles that may call it. */
final class ForbiddenAnswer implements AccessDeniedHandler {

    private final AccessRules rules;
    private final ObjectMapper json;

    ForbiddenAnswer(AccessRules rules, ObjectMapper json) {
        this.rules = rules;
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        json.writeValue(response.getOutputStream(), new ErrorBody(ErrorCode.FORBIDDEN.name(), null,
                request.getMethod() + " " + path + " needs role " + AccessRules.or(rules.rolesFor(request))));
    }
}
