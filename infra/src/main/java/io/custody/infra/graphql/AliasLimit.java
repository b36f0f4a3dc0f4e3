package io.custody.infra.graphql;

import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Field;
import graphql.language.Node;
import graphql.validation.ValidationError;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Refuses a document with more than {@code custody.graphql.max-aliases} aliased fields. Aliases are how
 * one request repeats an expensive field hundreds of times; they are counted in the parsed document before
 * validation, whose cost grows with them. graphql-java has no instrumentation for this.
 */
class AliasLimit extends SimplePerformantInstrumentation {

    private final int maxAliases;

    AliasLimit(int maxAliases) {
        this.maxAliases = maxAliases;
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
                                                                         InstrumentationState state) {
        int aliases = count(parameters.getDocument());
        if (aliases > maxAliases) {
            throw LimitExceeded.of("max-aliases", "number of aliased fields", aliases, maxAliases);
        }
        return super.beginValidation(parameters, state);
    }

    /** Aliased fields anywhere in the document: operations and fragment definitions, each counted once. */
    static int count(Node<?> document) {
        int aliases = 0;
        Deque<Node<?>> pending = new ArrayDeque<>();
        pending.push(document);
        while (!pending.isEmpty()) {
            Node<?> node = pending.pop();
            if (node instanceof Field field && field.getAlias() != null) {
                aliases++;
            }
            node.getChildren().forEach(pending::push);
        }
        return aliases;
    }
}
