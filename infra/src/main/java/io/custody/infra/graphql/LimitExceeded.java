package io.custody.infra.graphql;

import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import io.custody.errors.ErrorCode;
import org.springframework.graphql.execution.ErrorType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The refusal of a document over one of the limits: BAD_REQUEST naming the limit and the property that
 * sets it. It aborts the request before any field runs, so it never reaches the resolvers' error handler.
 */
final class LimitExceeded {

    private LimitExceeded() {
    }

    static AbortExecutionException of(String limit, String measured, int actual, int max) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", ErrorCode.BAD_REQUEST.name());
        extensions.put("limit", limit);
        extensions.put("property", "custody.graphql." + limit);
        extensions.put("actual", actual);
        extensions.put("max", max);
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                .message("the query exceeds the " + limit + " limit: its " + measured + " is " + actual
                        + ", at most " + max + " is allowed (custody.graphql." + limit + ")")
                .errorType(ErrorType.BAD_REQUEST).extensions(extensions).build()));
    }
}
