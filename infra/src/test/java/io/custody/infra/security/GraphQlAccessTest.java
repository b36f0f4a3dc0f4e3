package io.custody.infra.security;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLSchema;
import graphql.schema.SchemaTraverser;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GraphQL enforcement on a small schema of its own, applied the way Spring GraphQL applies its type
 * visitors: each top-level field runs only for a caller holding a role AccessRules gives it.
 */
class GraphQlAccessTest {

    private static final String SDL = """
            type Query { dataset: String  auditTrail: String }
            type Mutation { deployModelVersion(input: DeployInput!): String }
            input DeployInput { environment: String! }
            """;

    private final GraphQL graphQl = GraphQL.newGraphQL(guarded(schema())).build();

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    private static GraphQLSchema schema() {
        DataFetcher<String> ok = env -> "ok";
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type("Query", t -> t.dataFetcher("dataset", ok).dataFetcher("auditTrail", ok))
                .type("Mutation", t -> t.dataFetcher("deployModelVersion", ok)).build();
        return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring);
    }

    private static GraphQLSchema guarded(GraphQLSchema schema) {
        GraphQLCodeRegistry.Builder registry = GraphQLCodeRegistry.newCodeRegistry(schema.getCodeRegistry());
        new SchemaTraverser().depthFirstFullSchema(List.of(new GraphQlAccess(new AccessRules())), schema,
                Map.of(GraphQLCodeRegistry.Builder.class, registry));
        return schema.transformWithoutTypes(builder -> builder.codeRegistry(registry));
    }

    private static void callerHolds(String... roles) {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("someone", null,
                Arrays.stream(roles).map(r -> "ROLE_" + r).toArray(String[]::new)));
    }

    private ExecutionResult run(String document, Map<String, Object> variables) {
        return graphQl.execute(ExecutionInput.newExecutionInput(document).variables(variables).build());
    }

    private static List<Object> codes(ExecutionResult result) {
        return result.getErrors().stream().map(GraphQLError::getExtensions).map(e -> e.get("code")).toList();
    }

    @Test
    void a_caller_nobody_authenticated_is_answered_unauthorized() {
        ExecutionResult result = run("{ dataset }", Map.of());

        assertThat(codes(result)).containsExactly("UNAUTHORIZED");
        assertThat(result.<Map<String, Object>>getData()).containsEntry("dataset", null);
    }

    @Test
    void a_viewer_reads_the_inventory_and_is_refused_the_audit_trail_by_role_while_the_rest_still_runs() {
        callerHolds("VIEWER");

        ExecutionResult result = run("{ dataset auditTrail }", Map.of());

        assertThat(result.<Map<String, Object>>getData()).containsEntry("dataset", "ok").containsEntry("auditTrail", null);
        assertThat(codes(result)).containsExactly("FORBIDDEN");
        assertThat(result.getErrors().get(0).getMessage()).isEqualTo("auditTrail needs role AUDITOR or ADMIN");
        assertThat(result.getErrors().get(0).getPath()).containsExactly("auditTrail");
    }

    @Test
    void the_environment_is_read_from_the_input_as_the_resolver_gets_it_variables_included() {
        callerHolds("DATA_SCIENTIST");
        String deploy = "mutation($e: String!) { deployModelVersion(input: {environment: $e}) }";

        assertThat(run(deploy, Map.of("e", "staging")).<Map<String, Object>>getData())
                .containsEntry("deployModelVersion", "ok");
        ExecutionResult production = run(deploy, Map.of("e", "production"));
        assertThat(codes(production)).containsExactly("FORBIDDEN");
        assertThat(production.getErrors().get(0).getMessage())
                .isEqualTo("deployModelVersion in production needs role DEPLOYER or ADMIN");
    }
}
