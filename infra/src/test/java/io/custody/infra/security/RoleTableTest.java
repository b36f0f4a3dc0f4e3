package io.custody.infra.security;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLSchema;
import io.custody.infra.support.IntegrationTest;
import io.custody.values.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.custody.values.Role.ADMIN;
import static io.custody.values.Role.APPROVER;
import static io.custody.values.Role.AUDITOR;
import static io.custody.values.Role.DATA_SCIENTIST;
import static io.custody.values.Role.DEPLOYER;
import static io.custody.values.Role.INGEST;
import static io.custody.values.Role.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role table of docs/security.md, written out here independently of AccessRules: every operation,
 * over GraphQL and over HTTP, called by a token holding exactly one role. Allowed means neither 401/403
 * nor an UNAUTHORIZED/FORBIDDEN error (inputs name nothing that exists, so most answer NOT_FOUND or
 * BAD_REQUEST and store nothing); denied means exactly 403, or a FORBIDDEN error naming the role needed.
 * A Query or Mutation field the table does not call fails it: a new operation gets its row here.
 */
class RoleTableTest extends IntegrationTest {

    private static final Set<Role> READERS = EnumSet.of(VIEWER, DATA_SCIENTIST, APPROVER, DEPLOYER, AUDITOR, ADMIN);
    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    /** The top-level field a document calls. */
    private static final Pattern FIELD = Pattern.compile("^(?:mutation )?\\{ (\\w+)");

    /** One operation of the table: a GraphQL document, or an HTTP request. */
    record Operation(String name, Set<Role> allowed, String document, HttpMethod method, String path, String body) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Operation query(String document, Role... also) {
        return graphQl("{ " + document + " }", roles(READERS, also));
    }

    private static Operation mutation(String document, Role... roles) {
        return graphQl("mutation { " + document + " }", only(roles));
    }

    private static Operation graphQl(String document, Set<Role> allowed) {
        return new Operation(document, allowed, document, HttpMethod.POST, "/graphql", null);
    }

    private static final String MLFLOW = "/api/2.0/mlflow/";
    private static final String RUN_NONE = "{\"run_id\": \"authz-none\"}";
    private static final String MODEL_NONE = "{\"name\": \"authz-none\", \"version\": \"1\"}";

    /** An HTTP read: every reading role, as the inventory queries. */
    private static Operation read(HttpMethod method, String path, String body) {
        return new Operation(method + " " + path, READERS, null, method, path, body);
    }

    private static Operation http(HttpMethod method, String path, String body, Role... roles) {
        return new Operation(method + " " + path, only(roles), null, method, path, body);
    }

    private static Set<Role> roles(Set<Role> base, Role... also) {
        Set<Role> all = EnumSet.copyOf(base);
        all.addAll(Arrays.asList(also));
        return all;
    }

    /** These roles and ADMIN, which may do everything. */
    private static Set<Role> only(Role... roles) {
        return roles(EnumSet.of(ADMIN), roles);
    }

    static List<Operation> operations() {
        String nothing = "{ __typename }";
        return List.of(
                // VIEWER and every reading role: inventory, search, lineage, impact, custody.
                query("about " + nothing),
                query("dataset(name: \"authz/none\") " + nothing),
                query("datasetVersion(dataset: \"authz/none\", version: \"v1\") " + nothing),
                query("datasets(first: 1) " + nothing),
                query("run(id: \"authz-none\") " + nothing),
                query("runs(first: 1) " + nothing),
                query("model(name: \"authz-none\") " + nothing),
                query("models(first: 1) " + nothing),
                query("modelVersion(model: \"authz-none\", version: 1) " + nothing),
                query("deployment(environment: \"staging\", service: \"authz-none\") " + nothing),
                query("deployments(first: 1) " + nothing),
                query("prediction(environment: \"staging\", service: \"authz-none\", requestId: \"r1\") " + nothing),
                query("custody(environment: \"staging\", service: \"authz-none\", requestId: \"r1\") " + nothing),
                query("search(text: \"authz\", first: 1) " + nothing),
                query("lineage(node: \"dataset:authz/none\") " + nothing),
                query("lineageNode(id: \"dataset:authz/none\") " + nothing),
                query("impact(dataset: \"authz/none\", version: \"v1\") " + nothing),
                query("impactOfCommit(repository: \"https://git.example.com/none\", commit: \"abc\") " + nothing),
                // Governance: policies, decisions, and the dry run a pipeline asks before deploying.
                query("policy(name: \"authz-none\") " + nothing),
                query("policies " + nothing),
                query("policyDiff(name: \"authz-none\", from: 1, to: 2) " + nothing),
                query("decisions(model: \"authz-none\", first: 1) " + nothing),
                query("evaluatePolicy(model: \"authz-none\", version: 1, environment: \"production\") " + nothing),
                // Monitoring.
                query("monitor(environment: \"staging\", service: \"authz-none\") " + nothing),
                query("monitors " + nothing),
                query("alerts(first: 1) " + nothing),
                query("alert(alert: \"staging/authz-none/1\") " + nothing),
                graphQl("{ me " + nothing + " }", EVERYONE),
                // AUDITOR.
                graphQl("{ auditTrail(first: 1) " + nothing + " }", only(AUDITOR)),
                graphQl("{ history(stream: \"dataset:authz/none\", first: 1) " + nothing + " }", only(AUDITOR)),
                graphQl("{ verify(from: 1, to: 1) " + nothing + " }", only(AUDITOR)),
                // ADMIN.
                graphQl("{ readModels " + nothing + " }", only()),
                graphQl("{ rebuild(id: \"none\") " + nothing + " }", only()),
                graphQl("{ rebuilds " + nothing + " }", only()),
                graphQl("{ apiTokens " + nothing + " }", only()),
                graphQl("{ deadLetters(processor: \"no-such-processor\") " + nothing + " }", only()),
                mutation("retryDeadLetters(processor: \"no-such-processor\") " + nothing),
                mutation("rebuildReadModel(name: \"no-such-read-model\") " + nothing),
                mutation("createApiToken(input: {actor: \"authz-made\", roles: []}) " + nothing),
                mutation("revokeApiToken(input: {id: \"none\", reason: \"authz test\"}) " + nothing),
                // Webhooks: a bad URL for ADMIN (BAD_REQUEST, nothing registered), unknown ids (NOT_FOUND).
                graphQl("{ webhooks " + nothing + " }", only()),
                graphQl("{ webhookDeliveries(webhook: \"authznone\") " + nothing + " }", only()),
                mutation("registerWebhook(input: {url: \"ftp://authz\", events: [DEPLOYMENT], secret: \"short\"}) "
                        + nothing),
                mutation("disableWebhook(input: {id: \"authznone\", reason: \"authz test\"}) " + nothing),
                mutation("enableWebhook(input: {id: \"authznone\"}) " + nothing),
                mutation("removeWebhook(input: {id: \"authznone\", reason: \"authz test\"}) " + nothing),
                // A document with an unknown rule: BAD_REQUEST for ADMIN, nothing published.
                mutation("publishPolicy(input: {name: \"authz-none\", document: \"nope: 1\"}) " + nothing),
                // DATA_SCIENTIST: datasets, runs, models.
                mutation("registerDataset(input: {name: \"Not A Name!\", owner: \"o\"}) " + nothing, DATA_SCIENTIST),
                mutation("registerDatasetVersion(input: {dataset: \"authz/none\", version: \"v1\", location: \"s3://x\", "
                        + "digest: \"not-a-digest\"}) " + nothing, DATA_SCIENTIST),
                mutation("quarantineDatasetVersion(input: {dataset: \"authz/none\", version: \"v1\", reason: \"r\"}) "
                        + nothing, DATA_SCIENTIST),
                mutation("deprecateDataset(input: {name: \"authz/none\"}) " + nothing, DATA_SCIENTIST),
                mutation("startRun(input: {run: \"Not A Run!\", code: {repository: \"r\", commit: \"c\"}}) " + nothing,
                        DATA_SCIENTIST),
                mutation("logMetrics(input: {run: \"authz-none\", metrics: [{name: \"m\", value: 1}]}) " + nothing,
                        DATA_SCIENTIST),
                mutation("logArtifact(input: {run: \"authz-none\", name: \"a\", uri: \"s3://x\", digest: \"bad\"}) "
                        + nothing, DATA_SCIENTIST),
                mutation("completeRun(input: {run: \"authz-none\"}) " + nothing, DATA_SCIENTIST),
                mutation("failRun(input: {run: \"authz-none\", reason: \"r\"}) " + nothing, DATA_SCIENTIST),
                mutation("registerModel(input: {name: \"Not A Name!\", owner: \"o\", riskTier: \"LOW\"}) " + nothing,
                        DATA_SCIENTIST),
                mutation("registerModelVersion(input: {model: \"authz-none\", run: \"authz-none\", artifactUri: \"s3://x\", "
                        + "artifactDigest: \"bad\"}) " + nothing, DATA_SCIENTIST),
                mutation("setAlias(input: {model: \"authz-none\", alias: \"champion\", version: 1}) " + nothing,
                        DATA_SCIENTIST),
                mutation("removeAlias(input: {model: \"authz-none\", alias: \"champion\"}) " + nothing, DATA_SCIENTIST),
                mutation("archiveModelVersion(input: {model: \"authz-none\", version: 1}) " + nothing, DATA_SCIENTIST),
                // DATA_SCIENTIST and DEPLOYER: monitors and their alerts (nothing deployed, or no such alert).
                mutation("createMonitor(input: {environment: \"staging\", service: \"authz-none\", features: [\"x\"], "
                        + "baseline: {referenceFrom: \"2026-01-01T00:00:00Z\", referenceTo: \"2026-01-02T00:00:00Z\"}, "
                        + "window: \"PT1H\"}) " + nothing, DATA_SCIENTIST, DEPLOYER),
                mutation("changeMonitor(input: {environment: \"staging\", service: \"authz-none\", features: [\"x\"], "
                        + "baseline: {referenceFrom: \"2026-01-01T00:00:00Z\", referenceTo: \"2026-01-02T00:00:00Z\"}, "
                        + "window: \"PT1H\"}) " + nothing, DATA_SCIENTIST, DEPLOYER),
                mutation("pauseMonitor(input: {environment: \"staging\", service: \"authz-none\"}) " + nothing,
                        DATA_SCIENTIST, DEPLOYER),
                mutation("acknowledgeAlert(input: {alert: \"staging/authz-none/1\"}) " + nothing, DATA_SCIENTIST,
                        DEPLOYER),
                mutation("resolveAlert(input: {alert: \"staging/authz-none/1\"}) " + nothing, DATA_SCIENTIST,
                        DEPLOYER),
                // APPROVER.
                mutation("recordValidation(input: {model: \"authz-none\", version: 1, checks: []}) " + nothing, APPROVER),
                mutation("approveModelVersion(input: {model: \"authz-none\", version: 1}) " + nothing, APPROVER),
                // DEPLOYER everywhere, DATA_SCIENTIST outside production.
                mutation("deployModelVersion(input: {environment: \"production\", service: \"authz-none\", "
                        + "model: \"authz-none\", version: 1}) " + nothing, DEPLOYER),
                mutation("deployModelVersion(input: {environment: \"staging\", service: \"authz-none\", "
                        + "model: \"authz-none\", version: 1}) " + nothing, DEPLOYER, DATA_SCIENTIST),
                mutation("rollBack(input: {environment: \"production\", service: \"authz-none\"}) " + nothing, DEPLOYER),
                mutation("rollBack(input: {environment: \"staging\", service: \"authz-none\"}) " + nothing,
                        DEPLOYER, DATA_SCIENTIST),
                mutation("undeploy(input: {environment: \"production\", service: \"authz-none\"}) " + nothing, DEPLOYER),
                mutation("undeploy(input: {environment: \"staging\", service: \"authz-none\"}) " + nothing,
                        DEPLOYER, DATA_SCIENTIST),
                // HTTP: INGEST, AUDITOR, ADMIN.
                http(HttpMethod.POST, "/api/v1/predictions?environment=staging&service=authz-none", "[]", INGEST),
                http(HttpMethod.POST, "/api/v1/outcomes?environment=staging&service=authz-none", "[]", INGEST),
                http(HttpMethod.POST, "/api/v1/events", "[]", INGEST),
                http(HttpMethod.POST, "/api/v1/lineage", "{}", INGEST),
                http(HttpMethod.POST, "/api/v1/lineage/batch", "[]", INGEST),
                http(HttpMethod.GET, "/api/v1/audit/export?from=2099-01-01T00:00:00Z", null, AUDITOR),
                // The MLflow API: reads for every reading role, writes for DATA_SCIENTIST (nothing named exists).
                read(HttpMethod.GET, MLFLOW + "experiments/get?experiment_id=none", null),
                read(HttpMethod.GET, MLFLOW + "experiments/get-by-name?experiment_name=none", null),
                read(HttpMethod.GET, MLFLOW + "experiments/search", null),
                read(HttpMethod.POST, MLFLOW + "experiments/search", "{}"),
                read(HttpMethod.GET, MLFLOW + "runs/get?run_id=none", null),
                read(HttpMethod.POST, MLFLOW + "runs/search", "{\"experiment_ids\": [\"none\"]}"),
                read(HttpMethod.GET, MLFLOW + "metrics/get-history?run_id=none&metric_key=m", null),
                read(HttpMethod.GET, MLFLOW + "registered-models/get?name=none", null),
                read(HttpMethod.GET, MLFLOW + "registered-models/search", null),
                read(HttpMethod.GET, MLFLOW + "registered-models/get-latest-versions?name=none", null),
                read(HttpMethod.POST, MLFLOW + "registered-models/get-latest-versions", "{\"name\": \"none\"}"),
                read(HttpMethod.GET, MLFLOW + "registered-models/alias?name=none&alias=champion", null),
                read(HttpMethod.GET, MLFLOW + "model-versions/get?name=none&version=1", null),
                read(HttpMethod.GET, MLFLOW + "model-versions/search", null),
                read(HttpMethod.GET, MLFLOW + "model-versions/get-download-uri?name=none&version=1", null),
                http(HttpMethod.POST, MLFLOW + "experiments/create", "{}", DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "experiments/update", "{\"experiment_id\": \"none\"}", DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "experiments/delete", "{\"experiment_id\": \"none\"}", DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "experiments/restore", "{\"experiment_id\": \"none\"}", DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "experiments/set-experiment-tag", "{\"experiment_id\": \"none\"}",
                        DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/create", "{\"experiment_id\": \"none\"}", DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/update", RUN_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/delete", RUN_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/restore", RUN_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/log-metric", RUN_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/log-parameter", RUN_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/log-batch", RUN_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/log-inputs", RUN_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/set-tag", RUN_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "runs/delete-tag", RUN_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "registered-models/create", "{\"name\": \"Not A Name!\"}", DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "registered-models/rename", MODEL_NONE, DATA_SCIENTIST),
                http(HttpMethod.PATCH, MLFLOW + "registered-models/update", MODEL_NONE, DATA_SCIENTIST),
                http(HttpMethod.DELETE, MLFLOW + "registered-models/delete?name=none", null, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "registered-models/alias", MODEL_NONE, DATA_SCIENTIST),
                http(HttpMethod.DELETE, MLFLOW + "registered-models/alias?name=none&alias=champion", null, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "model-versions/create", MODEL_NONE, DATA_SCIENTIST),
                http(HttpMethod.PATCH, MLFLOW + "model-versions/update", MODEL_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "model-versions/transition-stage", MODEL_NONE, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "registered-models/set-tag", MODEL_NONE, DATA_SCIENTIST),
                http(HttpMethod.DELETE, MLFLOW + "registered-models/delete-tag?name=none&key=k", null, DATA_SCIENTIST),
                http(HttpMethod.POST, MLFLOW + "model-versions/set-tag", MODEL_NONE, DATA_SCIENTIST),
                http(HttpMethod.DELETE, MLFLOW + "model-versions/delete-tag?name=none&version=1&key=k", null,
                        DATA_SCIENTIST),
                http(HttpMethod.GET, "/actuator/health", null),
                http(HttpMethod.GET, "/actuator/info", null),
                http(HttpMethod.GET, "/actuator/projections", null),
                http(HttpMethod.GET, "/actuator/metrics", null),
                new Operation("GET /graphql/schema", EVERYONE, null, HttpMethod.GET, "/graphql/schema", null),
                new Operation("GET /actuator/health/liveness", EVERYONE, null, HttpMethod.GET,
                        "/actuator/health/liveness", null),
                new Operation("GET /actuator/health/readiness", EVERYONE, null, HttpMethod.GET,
                        "/actuator/health/readiness", null));
    }

    static Stream<Arguments> everyOperationForEveryRole() {
        return operations().stream().flatMap(operation -> Arrays.stream(Role.values())
                .map(role -> Arguments.of(operation, role)));
    }

    @Autowired
    GraphQlSource graphQlSource;

    @Test
    void the_table_calls_every_query_and_mutation_field_of_the_schema() {
        GraphQLSchema schema = graphQlSource.schema();
        List<String> fields = Stream.of(schema.getQueryType(), schema.getMutationType())
                .flatMap(type -> type.getFieldDefinitions().stream()).map(GraphQLFieldDefinition::getName).toList();
        Set<String> called = operations().stream().filter(o -> o.document() != null)
                .map(o -> FIELD.matcher(o.document())).filter(Matcher::find).map(m -> m.group(1))
                .collect(Collectors.toSet());
        assertThat(called).as("fields the role table calls").containsAll(fields);
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("everyOperationForEveryRole")
    void each_role_may_call_exactly_the_operations_the_table_gives_it(Operation operation, Role role) {
        WebTestClient client = httpWith(bearer("authz-" + role.name().toLowerCase(Locale.ROOT), role));
        if (operation.document() != null) {
            EntityExchangeResult<Map<String, Object>> result = client.post().uri("/graphql")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", operation.document()))
                    .exchange().expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult();
            List<Map<String, Object>> errors = errors(result.getResponseBody());
            List<Object> codes = errors.stream().map(e -> extensions(e).get("code")).toList();
            assertThat(result.getStatus().value()).as("HTTP status").isNotIn(401, 403);
            if (operation.allowed().contains(role)) {
                assertThat(codes).as(String.valueOf(errors)).doesNotContain("UNAUTHORIZED", "FORBIDDEN");
            } else {
                assertThat(codes).as(String.valueOf(errors)).containsExactly("FORBIDDEN");
                assertThat(String.valueOf(errors.get(0).get("message"))).contains("needs role").contains("ADMIN");
            }
            return;
        }
        WebTestClient.RequestBodySpec request = client.method(operation.method()).uri(operation.path());
        EntityExchangeResult<byte[]> result = (operation.body() == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(operation.body()))
                .exchange().expectBody().returnResult();
        String body = result.getResponseBody() == null ? "" : new String(result.getResponseBody());
        if (operation.allowed().contains(role)) {
            assertThat(result.getStatus().value()).as(body).isNotIn(401, 403);
        } else {
            assertThat(result.getStatus().value()).as(body).isEqualTo(403);
            assertThat(body).contains("\"code\":\"FORBIDDEN\"").contains("needs role");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(Map<String, Object> body) {
        Object errors = body == null ? null : body.get("errors");
        return errors == null ? List.of() : (List<Map<String, Object>>) errors;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> extensions(Map<String, Object> error) {
        Object extensions = error.get("extensions");
        return extensions == null ? Map.of() : (Map<String, Object>) extensions;
    }
}
