package io.custody.infra.security;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import io.custody.errors.ErrorCode;
import io.custody.values.Role;
import org.springframework.graphql.execution.ErrorType;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts {@link AccessRules} in front of every top-level Query and Mutation field: the field's data fetcher
 * runs only for a caller holding a role the rules name; otherwise the field answers null with an
 * UNAUTHORIZED or FORBIDDEN error naming the role. Spring GraphQL applies its context propagation
 * around this wrapper, so the request's SecurityContext is visible here whatever thread runs the field.
 */
final class GraphQlAccess extends GraphQLTypeVisitorStub {

    private final AccessRules rules;

    GraphQlAccess(AccessRules rules) {
        this.rules = rules;
    }

    @Override
    public TraversalControl visitGraphQLFieldDefinition(GraphQLFieldDefinition field,
                                                        TraverserContext<GraphQLSchemaElement> context) {
        if (context.getParentNode() instanceof GraphQLObjectType type
                && (AccessRules.QUERY.equals(type.getName()) || AccessRules.MUTATION.equals(type.getName())
                || AccessRules.SUBSCRIPTION.equals(type.getName()))) {
            GraphQLCodeRegistry.Builder registry = context.getVarFromParents(GraphQLCodeRegistry.Builder.class);
            FieldCoordinates coordinates = FieldCoordinates.coordinates(type, field);
            registry.dataFetcher(coordinates, guarded(type.getName(), field.getName(),
                    registry.getDataFetcher(coordinates, field)));
        }
        return TraversalControl.CONTINUE;
    }

    private DataFetcher<?> guarded(String type, String field, DataFetcher<?> fetcher) {
        return env -> {
            Optional<Set<Role>> held = CurrentCaller.roles()
                    .or(() -> Optional.ofNullable(env.getGraphQlContext().get(GraphQlWebSocketAuthentication.ROLES)));
            if (held.isEmpty()) {
                return refused(env, ErrorCode.UNAUTHORIZED, ErrorType.UNAUTHORIZED,
                        field + " requires authentication: Authorization: Bearer <token>");
            }
            Optional<String> refusal = rules.refusal(type, field, env.getArguments(), held.get());
            if (refusal.isPresent()) {
                return refused(env, ErrorCode.FORBIDDEN, ErrorType.FORBIDDEN, refusal.get());
            }
            return fetcher.get(env);
        };
    }

    private static DataFetcherResult<Object> refused(DataFetchingEnvironment env, ErrorCode code,
                                                     ErrorType type, String message) {
        return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(env).message(message)
                .errorType(type).extensions(Map.of("code", code.name())).build()).build();
    }
}
