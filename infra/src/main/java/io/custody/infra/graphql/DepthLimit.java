package io.custody.infra.graphql;

import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;

/** graphql-java's depth check, answering BAD_REQUEST naming {@code custody.graphql.max-depth}. */
class DepthLimit extends MaxQueryDepthInstrumentation {

    DepthLimit(int maxDepth) {
        super(maxDepth);
    }

    @Override
    protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
        return LimitExceeded.of("max-depth", "depth", depth, maxDepth);
    }
}
