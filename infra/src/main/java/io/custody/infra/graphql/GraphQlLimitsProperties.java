package io.custody.infra.graphql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one GraphQL document may ask for, under {@code custody.graphql.*}; a document over a limit is
 * refused before anything runs. See docs/graphql-api.md#limits.
 *
 * @param maxDepth      the deepest nesting of fields, counting the leaf (GraphiQL's introspection query is 15)
 * @param maxComplexity the largest estimated cost: a field costs 1 plus its children, and a field with a
 *                      {@code first} argument multiplies its children's cost by it
 * @param maxAliases    the most aliased fields in one document, fragments included
 */
@ConfigurationProperties("custody.graphql")
public record GraphQlLimitsProperties(@DefaultValue("15") int maxDepth,
                                      @DefaultValue("50000") int maxComplexity,
                                      @DefaultValue("30") int maxAliases) {

    public GraphQlLimitsProperties {
        requirePositive("custody.graphql.max-depth", maxDepth);
        requirePositive("custody.graphql.max-complexity", maxComplexity);
        requirePositive("custody.graphql.max-aliases", maxAliases);
    }

    private static void requirePositive(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be 1 or more, not " + value);
        }
    }
}
