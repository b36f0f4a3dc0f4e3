package io.custody.infra.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.web.bind.annotation.ControllerAdvice;

import java.util.LinkedHashMap;
import java.util.Map;
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
    GraphQLError concurrency(ConcurrencyException e, DataFetchingEnvironment env) {
        return error(env, ErrorCode.CONFLICT, null, "another change to the same entity was recorded at the same "
                + "moment; retry the request");
    }

    @GraphQlExceptionHandler
    GraphQLError commandExecution(CommandExecutionException e, DataFetchingEnvironment env) {
        if (e.getCause() instanceof CustodyException c) {
            return custody(c, env);
        }
        return unexpected(e, env);
    }

    @GraphQlExceptionHandler
    GraphQLError unexpected(Throwable e, DataFetchingEnvironment env) {
        // Axon and Spring wrap what a handler or the store threw, sometimes twice; the innermost known
        // cause decides (a lost race on a stream's sequence is a CONFLICT to retry, not an internal error).
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof CustodyException c) {
                return custody(c, env);
            }
            if (t instanceof ConcurrencyException c) {
                return concurrency(c, env);
            }
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
            case BAD_REQUEST, CONFLICT -> ErrorType.BAD_REQUEST;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case UNAUTHORIZED -> ErrorType.UNAUTHORIZED;
            case FORBIDDEN -> ErrorType.FORBIDDEN;
            case INTERNAL -> ErrorType.INTERNAL_ERROR;
        };
    }
}
