package io.custody.infra.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.infra.errors.KnownFailure;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.web.bind.annotation.ControllerAdvice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place that turns failures into GraphQL errors: a code from {@link ErrorCode}, the offending
 * field, a message stating the rule. Unexpected failures are logged with a reference and reach the
 * client as INTERNAL with that reference only, never a stack trace.
 */
@ControllerAdvice
class GraphQlErrors {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    @GraphQlExceptionHandler
    GraphQLError custody(CustodyException e, DataFetchingEnvironment env) {
        return error(env, e.code(), e.field(), e.getMessage());
    }

    @GraphQlExceptionHandler
    GraphQLError notFound(AggregateNotFoundException e, DataFetchingEnvironment env) {
        String stream = String.valueOf(e.getAggregateIdentifier());
        int colon = stream == null ? -1 : stream.indexOf(':');
        String type = colon < 0 ? "entity" : stream.substring(0, colon);
        String key = colon < 0 ? String.valueOf(stream) : stream.substring(colon + 1);
        return error(env, ErrorCode.NOT_FOUND, "input." + type, "no " + type + " " + key + " is registered");
    }

    @GraphQlExceptionHandler
    GraphQLError unexpected(Throwable e, DataFetchingEnvironment env) {
        Optional<KnownFailure> known = KnownFailure.of(e);
        if (known.isPresent()) {
            return error(env, known.get().code(), known.get().field(), known.get().message());
        }
        String reference = UUID.randomUUID().toString();
        log.error("GraphQL request failed, reference {}", reference, e);
        return error(env, ErrorCode.INTERNAL, null, "internal error, reference " + reference);
    }

    static GraphQLError error(DataFetchingEnvironment env, ErrorCode code, String field, String message) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        if (field != null) {
            extensions.put("field", field);
        }
        return GraphqlErrorBuilder.newError(env).message(message).errorType(classification(code))
                .extensions(extensions).build();
    }

    private static ErrorType classification(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST, CONFLICT, TOO_MANY_REQUESTS -> ErrorType.BAD_REQUEST;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case UNAUTHORIZED -> ErrorType.UNAUTHORIZED;
            case FORBIDDEN -> ErrorType.FORBIDDEN;
            case INTERNAL -> ErrorType.INTERNAL_ERROR;
        };
    }
}
