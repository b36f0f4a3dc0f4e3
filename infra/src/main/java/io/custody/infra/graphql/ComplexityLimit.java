package io.custody.infra.graphql;

import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.execution.AbortExecutionException;

/**
 * graphql-java's complexity check with page sizes counted: a field costs 1 plus its children, and a field
 * with a {@code first} argument (given or defaulted) multiplies its children's cost by it, so
 * {@code auditTrail(first: 500) { edges { node { position } } }} costs 1 + 500 × 3. Lists without
 * {@code first} count once: the estimate is of what a client can multiply, not of the data.
 */
class ComplexityLimit extends MaxQueryComplexityInstrumentation {

    ComplexityLimit(int maxComplexity) {
        super(maxComplexity, ComplexityLimit::cost);
    }

    static int cost(FieldComplexityEnvironment env, int childComplexity) {
        long pageSize = env.getArguments().get("first") instanceof Number n ? Math.max(1, n.longValue()) : 1;
        return (int) Math.min(Integer.MAX_VALUE, 1 + pageSize * childComplexity);
    }

    @Override
    protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
        return LimitExceeded.of("max-complexity", "complexity", complexity, maxComplexity);
    }
}
