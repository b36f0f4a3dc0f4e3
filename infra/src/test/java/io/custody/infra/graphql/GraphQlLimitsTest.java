package io.custody.infra.graphql;

import io.custody.infra.support.FreshServer;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits on one GraphQL document, through the real /graphql endpoint. */
class GraphQlLimitsTest extends IntegrationTest {

    @Test
    void three_hundred_aliased_audit_trails_are_refused_naming_the_alias_limit() {
        String query = "{ " + IntStream.range(0, 300).mapToObj(i -> "a" + i + ": auditTrail(first: 500) "
                + "{ edges { node { position type actor payload } } }").collect(Collectors.joining(" ")) + " }";

        graphQl().document(query).execute().errors().satisfy(refused("max-aliases", 300, 30));
    }

    @Test
    void thirty_aliases_are_accepted() {
        String query = "{ " + IntStream.range(0, 30).mapToObj(i -> "a" + i + ": __typename")
                .collect(Collectors.joining(" ")) + " }";

        graphQl().document(query).execute().errors().verify().path("a29").entity(String.class).isEqualTo("Query");
    }

    @Test
    void a_query_sixteen_fields_deep_is_refused_naming_the_depth_limit() {
        graphQl().document(typeDepth(16)).execute().errors().satisfy(refused("max-depth", 16, 15));
    }

    @Test
    void a_query_fifteen_fields_deep_is_accepted() {
        graphQl().document(typeDepth(15)).execute().errors().verify().path("__type.name").entity(String.class)
                .isEqualTo("Query");
    }

    @Test
    void pages_multiplied_past_the_complexity_limit_are_refused_naming_it() {
        // Each page costs 1 + 500 × (edges 1 + node 1 + four fields) = 3,001; twenty-five of them, 75,025.
        String query = "{ " + IntStream.range(0, 25).mapToObj(i -> "a" + i + ": auditTrail(first: 500) "
                + "{ edges { node { position type actor recordedAt } } }").collect(Collectors.joining(" ")) + " }";

        graphQl().document(query).execute().errors().satisfy(refused("max-complexity", 75_025, 50_000));
    }

    @Test
    void a_normal_query_is_accepted() {
        graphQl().document("{ models(first: 50) { totalCount edges { cursor node { name owner versionCount "
                        + "versions { nodes { version live aliases } pageInfo { hasNextPage } } } } "
                        + "pageInfo { hasNextPage endCursor } } }").execute().errors().verify()
                .path("models.totalCount").hasValue();
    }

    @Test
    void graphiql_introspection_passes_under_the_default_limits() {
        graphQl().documentName("graphiqlIntrospection").execute().errors().verify()
                .path("__schema.queryType.name").entity(String.class).isEqualTo("Query")
                .path("__schema.types[*].name").entityList(String.class).contains("Model", "Dataset");
    }

    @Test
    void the_limits_follow_their_properties() {
        try (FreshServer server = FreshServer.start(Map.of("custody.graphql.max-aliases", "2",
                "custody.graphql.max-depth", "3", "custody.graphql.max-complexity", "10"))) {
            server.graphQl().document("{ a: __typename b: __typename }").execute().errors().verify();
            server.graphQl().document("{ a: __typename b: __typename c: __typename }").execute().errors()
                    .satisfy(refused("max-aliases", 3, 2));
            server.graphQl().document("{ __type(name: \"Query\") { fields { name } } }").execute().errors().verify();
            server.graphQl().document(typeDepth(4)).execute().errors().satisfy(refused("max-depth", 4, 3));
            server.graphQl().document("{ models(first: 5) { nodes { name } } }").execute().errors()
                    .satisfy(refused("max-complexity", 1 + 5 * 2, 10));
        }
    }

    /** {@code __type(name: "Query") { ofType { … name } }}: {@code depth} fields deep, counting the leaf. */
    private static String typeDepth(int depth) {
        String inner = "name";
        for (int i = 0; i < depth - 2; i++) {
            inner = "ofType { " + inner + " }";
        }
        return "{ __type(name: \"Query\") { name " + inner + " } }";
    }

    private static Consumer<List<ResponseError>> refused(String limit, int actual, int max) {
        return errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getExtensions()).containsEntry("code", "BAD_REQUEST")
                    .containsEntry("limit", limit).containsEntry("property", "custody.graphql." + limit)
                    .containsEntry("actual", actual).containsEntry("max", max);
            assertThat(errors.get(0).getMessage()).contains(limit, "custody.graphql." + limit);
        };
    }
}
