package io.custody.infra.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.custody.command.api.Caller;
import io.custody.command.api.HttpCallers;
import io.custody.errors.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the caller into the GraphQL context for the write API, and makes sure every error leaving the
 * server carries {@code extensions.code}: errors raised by graphql-java itself (syntax, validation,
 * argument coercion) have only a classification, which we translate.
 */
@Component
class CallerInterceptor implements WebGraphQlInterceptor {

    private static final Pattern ARGUMENT = Pattern.compile("argument '([^']+)'");
    private static final Pattern FIELD = Pattern.compile("field '([^']+)'");

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        // A subscription over /graphql-ws comes without a servlet request and writes nothing: it needs no caller
        // (GraphQlWebSocketAuthentication gives its fields the connection's roles).
        if (!(request instanceof WebSocketGraphQlRequest)) {
            Caller caller = HttpCallers.from(servletRequest(), "graphql");
            request.configureExecutionInput((input, builder) ->
                    builder.graphQLContext(Map.of(Caller.CONTEXT_KEY, caller)).build());
        }
        return chain.next(request).map(response -> response.getErrors().stream()
                .allMatch(e -> e.getExtensions().containsKey("code")) ? response
                : response.transform(b -> b.errors(response.getErrors().stream().map(CallerInterceptor::withCode).toList())));
    }

    /**
     * The servlet request this GraphQL request came in, as the security layer wrapped it (it carries the
     * principal). Interceptors run on the request's thread, before any asynchronous step.
     */
    private static HttpServletRequest servletRequest() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest();
        }
        throw new IllegalStateException("a GraphQL request outside a servlet request has no caller");
    }

    private static GraphQLError withCode(ResponseError error) {
        if (error.getExtensions().containsKey("code")) {
            return toGraphQlError(error, error.getExtensions());
        }
        String classification = String.valueOf(error.getErrorType());
        ErrorCode code = switch (classification) {
            case "ValidationError", "InvalidSyntax", "BAD_REQUEST", "OperationNotSupported" -> ErrorCode.BAD_REQUEST;
            case "NOT_FOUND" -> ErrorCode.NOT_FOUND;
            case "UNAUTHORIZED" -> ErrorCode.UNAUTHORIZED;
            case "FORBIDDEN" -> ErrorCode.FORBIDDEN;
            default -> ErrorCode.INTERNAL;
        };
        Map<String, Object> extensions = new HashMap<>(error.getExtensions());
        extensions.put("code", code.name());
        String message = error.getMessage() == null ? "" : error.getMessage();
        Matcher argument = ARGUMENT.matcher(message);
        Matcher field = FIELD.matcher(message);
        if (argument.find()) {
            extensions.put("field", argument.group(1));
        } else if (field.find()) {
            extensions.put("field", field.group(1));
        }
        return toGraphQlError(error, extensions);
    }

    private static GraphQLError toGraphQlError(ResponseError error, Map<String, Object> extensions) {
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError().message(error.getMessage())
                .extensions(extensions).locations(error.getLocations());
        if (!error.getParsedPath().isEmpty()) {
            builder.path(error.getParsedPath());
        }
        return builder.build();
    }
}
