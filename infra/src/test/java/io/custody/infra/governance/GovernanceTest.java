package io.custody.infra.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.FreshServer;
import io.custody.values.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Governance end to end, on a server of its own: a published policy is in force for every command, so these
 * tests must not share the common test database. Each test publishes the policy it needs first.
 */
class GovernanceTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static FreshServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String model = "credit-" + suffix;
    private final String service = "api-" + suffix;

    @BeforeAll
    static void start() {
        server = FreshServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_lending_model_trained_on_pii_raw_data_two_openlineage_jobs_upstream_is_refused_and_the_refusal_recorded()
            throws Exception {
        publish("lending-" + suffix, "dataUse:\n  lending:\n    forbiddenTags: [pii-raw]\n");
        String lake = "s3://lake-" + suffix;
        datasetVersion(lake + "/raw/people", "v1", List.of("pii-raw"));
        String job1 = UUID.randomUUID().toString();
        String job2 = UUID.randomUUID().toString();
        openLineage(job1, "stage.build", lake, "raw/people", "v1", "stage/people");
        openLineage(job2, "features.build", lake, "stage/people", "run-" + job1, "features/people");
        String run = trainedOn(lake + "/features/people", "run-" + job2, false);
        registerModel("lending", "LOW");

        String refusal = forbidden(registerVersion(run));
        assertThat(refusal).contains("dataUse." + "lending.forbiddenTags")
                .contains(lake + "/raw/people@v1 (upstream through lineage) is tagged pii-raw");

        JsonNode ingest = events("alice", item("RegisterModelVersion", Map.of("model", model, "run", run,
                "artifactUri", "s3://models/x", "artifactDigest", DIGEST)));
        assertThat(ingest.get("items").get(0).get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(ingest.get("items").get(0).get("reason").asText()).contains("pii-raw");

        server.graphQl().document("""
                        query($m: String!) { decisions(model: $m, outcome: REFUSED) { nodes {
                            command version outcome policy policyVersion rules { rule outcome reason } } }
                          model(name: $m) { versionCount } }""").variable("m", model).execute()
                .path("decisions.nodes").entityList(Object.class).hasSize(2)
                .path("decisions.nodes[0].command").entity(String.class).isEqualTo("REGISTER_MODEL_VERSION")
                .path("decisions.nodes[0].version").valueIsNull()
                .path("decisions.nodes[0].policy").entity(String.class).isEqualTo("lending-" + suffix)
                .path("decisions.nodes[0].rules[0].outcome").entity(String.class).isEqualTo("REFUSED")
                .path("model.versionCount").entity(Integer.class).isEqualTo(0);
    }

    @Test
    void a_production_deployment_without_the_required_approvals_names_every_missing_approval_and_the_failed_threshold()
            throws Exception {
        String policy = "gates-" + suffix;
        publish(policy, """
                deployment:
                  production:
                    validation: {lastPassed: true, metrics: ["auc >= 0.80"]}
                    approvals: [{count: 1, role: model-validator}]
                    riskTiers:
                      HIGH: {approvals: [{count: 2, role: risk-officer, heldRole: APPROVER}]}
                """);
        registeredVersion("lending", "HIGH");
        validate(0.75);
        approve("bob", "risk-officer");

        GraphQlTester.Response dryRun = evaluate();
        dryRun.path("evaluatePolicy.outcome").entity(String.class).isEqualTo("REFUSED");
        String refusal = forbidden(deploy("erin"));
        assertThat(refusal).contains("auc is 0.75").contains("has 0 of 1 approval as model-validator: 1 missing")
                .contains("has 1 of 2 approvals as risk-officer by a holder of APPROVER: 1 missing")
                .contains("under policy " + policy + "/1");
        List<String> failedDryRun = failed(dryRun.path("evaluatePolicy.rules").entityList(Map.class).get());

        GraphQlTester.Response recorded = server.graphQl().document("""
                        query($m: String!) { decisions(model: $m, environment: "production") { nodes {
                            command outcome policyVersion rules { rule outcome reason } } }
                          deployment(environment: "production", service: "%s") { environment } }""".formatted(service))
                .variable("m", model).execute();
        recorded.path("decisions.nodes[0].outcome").entity(String.class).isEqualTo("REFUSED")
                .path("deployment").valueIsNull();
        assertThat(failed(recorded.path("decisions.nodes[0].rules").entityList(Map.class).get()))
                .isEqualTo(failedDryRun).hasSize(3);

        JsonNode ingest = events("erin", item("DeployModelVersion", Map.of("environment", "production",
                "service", service, "model", model, "version", 1)));
        assertThat(ingest.get("items").get(0).get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(ingest.get("items").get(0).get("reason").asText()).contains("auc is 0.75");

        validate(0.85);
        approve("dave", "risk-officer");
        approve("frank", "model-validator");
        evaluate().path("evaluatePolicy.outcome").entity(String.class).isEqualTo("ALLOWED");
        deploy("erin").errors().verify();
        server.graphQl().document("""
                        query($m: String!) { modelVersion(model: $m, version: 1) {
                            deployments { nodes { policyVersion } } decisions { outcome command } } }""")
                .variable("m", model).execute()
                .path("modelVersion.deployments.nodes[0].policyVersion").entity(String.class).isEqualTo(policy + "/1")
                .path("modelVersion.decisions[*].outcome").entityList(String.class)
                .containsExactly("ALLOWED", "REFUSED", "REFUSED", "ALLOWED");
    }

    @Test
    void separation_of_duties_refuses_an_approver_who_trained_it_and_a_deployer_who_trained_it() {
        publish("duties-" + suffix, """
                deployment:
                  production:
                    separationOfDuties: {approverNotTrainer: true, deployerNotTrainer: true, deployerNotApprover: true}
                    deployers: {roles: [DEPLOYER]}
                """);
        registeredVersion("lending", "LOW");
        assertThat(forbidden(approve("alice", "risk-officer"))).contains("the approver must not be the person who trained it");
        approve("bob", "risk-officer");
        assertThat(forbidden(deploy("alice"))).contains("alice trained it and may not also deploy it");
        assertThat(forbidden(deploy("bob"))).contains("bob approved it and may not also deploy it");
        as("erin", Role.DEPLOYER).documentName("deployModelVersion").variable("input", deployInput()).execute()
                .errors().verify();
    }

    @Test
    void a_deployment_inside_a_freeze_window_is_refused() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        publish("freeze-" + suffix, """
                deployment:
                  production:
                    freezeWindows: [{from: "%s", to: "%s", zone: UTC}]
                """.formatted(weekTime(now.minusHours(1)), weekTime(now.plusHours(1))));
        registeredVersion("lending", "LOW");
        evaluate().path("evaluatePolicy.outcome").entity(String.class).isEqualTo("REFUSED");
        assertThat(forbidden(deploy("erin"))).contains("inside the freeze window");
    }

    @Test
    void a_policy_published_after_a_decision_leaves_its_version_and_policy_as_of_answers_the_version_then()
            throws Exception {
        String policy = "history-" + suffix;
        publish(policy, "deployment:\n  production:\n    cleanCommit: true\n");
        registeredVersion("lending", "LOW");
        deploy("erin").errors().verify();
        Thread.sleep(20);
        String between = OffsetDateTime.now(ZoneOffset.UTC).toString();
        Thread.sleep(20);
        assertThat(publish(policy, "deployment:\n  production:\n    cleanCommit: true\n    noQuarantinedInputs: true\n"))
                .isEqualTo(2);

        server.graphQl().document("""
                        query($m: String!, $p: String!, $at: DateTime) {
                          decisions(model: $m) { nodes { policy policyVersion } }
                          named: policy(name: $p, asOf: $at) { version }
                          inForceThen: policy(asOf: $at) { name version }
                          inForceNow: policy { name version inForce }
                          policyDiff(name: $p, from: 1, to: 2) { lines } }""")
                .variable("m", model).variable("p", policy).variable("at", between).execute()
                .path("decisions.nodes[0].policyVersion").entity(Integer.class).isEqualTo(1)
                .path("named.version").entity(Integer.class).isEqualTo(1)
                .path("inForceThen.version").entity(Integer.class).isEqualTo(1)
                .path("inForceNow.version").entity(Integer.class).isEqualTo(2)
                .path("inForceNow.inForce").entity(Boolean.class).isEqualTo(true)
                .path("policyDiff.lines").entityList(String.class).contains("+    noQuarantinedInputs: true");
    }

    @Test
    void a_malformed_document_is_a_bad_request_naming_line_and_path_and_nothing_is_stored() {
        String name = "bad-" + suffix;
        publishResponse(name, "deployment:\n  production:\n    aproovals: [{count: 1}]\n").errors()
                .expect(e -> "BAD_REQUEST".equals(code(e)) && e.getMessage().contains("line 3")
                        && e.getMessage().contains("deployment.production.aproovals")).verify();
        server.graphQl().document("query($p: String!) { policy(name: $p) { version } }").variable("p", name).execute()
                .path("policy").valueIsNull();
        as("carol", Role.DATA_SCIENTIST).document("""
                        mutation { publishPolicy(input: {name: "x", document: "deployment: {}"}) { version } }""")
                .execute().errors().expect(e -> "FORBIDDEN".equals(code(e))).verify();
    }

    /**
     * One rule of a policy: a document it refuses {@code refusedBy}'s deployment under and what the refusal says,
     * and a document it allows {@code allowedBy}'s under (null: not shown here, PolicyEvaluatorTest shows it).
     */
    record RuleCase(String rule, String refusing, String says, String refusedBy, String allowing, String allowedBy) {
    }

    @Test
    void every_rule_refuses_through_graphql_and_the_event_api_and_allows_when_met() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String frozen = "    freezeWindows: [{from: \"%s\", to: \"%s\", zone: UTC}]\n"
                .formatted(weekTime(now.minusHours(1)), weekTime(now.plusHours(1)));
        String thawed = "    freezeWindows: [{from: \"%s\", to: \"%s\", zone: UTC}]\n"
                .formatted(weekTime(now.plusHours(12)), weekTime(now.plusHours(13)));
        String gates = "deployment:\n  production:\n";
        List<RuleCase> cases = List.of(
                new RuleCase("forbiddenTags", "dataUse:\n  lending:\n    forbiddenTags: [pii]\n", "is tagged pii",
                        "erin", "dataUse:\n  lending:\n    forbiddenTags: [pii-raw]\n", "erin"),
                new RuleCase("allowedNamespaces", "dataUse:\n  lending:\n    allowedNamespaces: [warehouse]\n",
                        "may only use data from namespaces warehouse", "erin",
                        "dataUse:\n  lending:\n    allowedNamespaces: [lending]\n", "erin"),
                new RuleCase("metrics", gates + "    validation: {metrics: [\"auc >= 0.80\"]}\n", "auc is 0.75", "erin",
                        gates + "    validation: {lastPassed: true, metrics: [\"auc >= 0.70\"]}\n", "erin"),
                new RuleCase("approvals", gates + "    approvals: [{count: 2, role: risk-officer}]\n", "1 missing",
                        "erin", gates + "    approvals: [{count: 1, role: risk-officer, heldRole: APPROVER}]\n",
                        "erin"),
                new RuleCase("riskTiers", gates + "    riskTiers: {HIGH: {approvals: [{count: 3}]}}\n", "2 missing",
                        "erin", gates + "    riskTiers: {LOW: {approvals: [{count: 3}]}}\n", "erin"),
                new RuleCase("deployerNotTrainer", gates + "    separationOfDuties: {deployerNotTrainer: true}\n",
                        "alice trained it", "alice", gates + "    separationOfDuties: {deployerNotTrainer: true}\n",
                        "erin"),
                new RuleCase("cleanCommit", gates + "    cleanCommit: true\n", "dirty working tree", "erin", null, null),
                new RuleCase("deployers", gates + "    deployers: {actors: [release-bot]}\n", "may not deploy", "erin",
                        gates + "    deployers: {actors: [erin]}\n", "erin"),
                new RuleCase("freezeWindows", gates + frozen, "inside the freeze window", "erin", gates + thawed,
                        "erin"));
        String dataset = "lending/rules-" + suffix;
        datasetVersion(dataset, "v1", List.of("pii"));
        String run = trainedOn(dataset, "v1", true);
        registerModel("lending", "HIGH");
        registerVersion(run).path("registerModelVersion.version").entity(Integer.class).isEqualTo(1);
        validate(0.75);
        approve("bob", "risk-officer");
        for (int i = 0; i < cases.size(); i++) {
            RuleCase rule = cases.get(i);
            publish("rule-" + i + "-" + suffix, rule.refusing());
            refusedBoth(rule, "r" + i);
            if (rule.allowing() != null) {
                // A document of another name, so it is in force even when its text equals the refusing one.
                publish("rule-" + i + "-ok-" + suffix, rule.allowing());
                deployTo(rule.allowedBy(), "g" + i).errors().verify();
                JsonNode allowed = events(rule.allowedBy(), item("DeployModelVersion", Map.of("environment",
                        "production", "service", "e" + i + "-" + suffix, "model", model, "version", 1)));
                assertThat(allowed.get("accepted").asInt()).as(rule.rule() + ": " + allowed).isEqualTo(1);
            }
        }
        graphQlQuarantine(dataset);
        publish("rule-q-" + suffix, gates + "    noQuarantinedInputs: true\n");
        refusedBoth(new RuleCase("noQuarantinedInputs", null, "lending/rules-" + suffix + "@v1 is quarantined",
                "erin", null, null), "rq");
    }

    private void refusedBoth(RuleCase rule, String service) throws Exception {
        assertThat(forbidden(deployTo(rule.refusedBy(), service))).as(rule.rule()).contains(rule.says());
        JsonNode ingest = events(rule.refusedBy(), item("DeployModelVersion", Map.of("environment", "production",
                "service", service + "-e-" + suffix, "model", model, "version", 1)));
        assertThat(ingest.get("items").get(0).get("code").asText()).as(rule.rule()).isEqualTo("FORBIDDEN");
        assertThat(ingest.get("items").get(0).get("reason").asText()).as(rule.rule()).contains(rule.says());
    }

    private GraphQlTester.Response deployTo(String actor, String service) {
        Map<String, Object> input = deployInput();
        input.put("service", service + "-" + suffix);
        return server.graphQl(actor).documentName("deployModelVersion").variable("input", input).execute();
    }

    private void graphQlQuarantine(String dataset) {
        server.graphQl().documentName("quarantineDatasetVersion").variable("input", Map.of("dataset", dataset,
                "version", "v1", "reason", "leak")).execute().errors().verify();
    }

    // ---- the lifecycle, per test

    private static String code(org.springframework.graphql.ResponseError error) {
        Object code = error.getExtensions().get("code");
        return code == null ? null : code.toString();
    }

    /** The message of the response's one error, which must be FORBIDDEN. */
    private static String forbidden(GraphQlTester.Response response) {
        List<String> messages = new ArrayList<>();
        response.errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            assertThat(code(errors.get(0))).as(errors.get(0).getMessage()).isEqualTo("FORBIDDEN");
            messages.add(errors.get(0).getMessage());
        });
        return messages.get(0);
    }

    private static List<String> failed(List<Map> rules) {
        return rules.stream().filter(r -> "REFUSED".equals(r.get("outcome"))).map(r -> r.get("rule") + ": " + r.get("reason"))
                .toList();
    }

    private static String weekTime(OffsetDateTime at) {
        return at.getDayOfWeek() + " " + String.format("%02d:%02d", at.getHour(), at.getMinute());
    }

    private GraphQlTester.Response publishResponse(String name, String document) {
        return server.graphQl().document("""
                        mutation($n: String!, $d: String!) { publishPolicy(input: {name: $n, document: $d}) {
                            version policy { version sha256 } } }""")
                .variable("n", name).variable("d", document).execute();
    }

    private int publish(String name, String document) {
        return publishResponse(name, document).path("publishPolicy.version").entity(Integer.class).get();
    }

    private HttpGraphQlTester as(String actor, Role... roles) {
        return HttpGraphQlTester.create(server.anonymousHttp().mutate().baseUrl(server.baseUrl() + "/graphql")
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + server.bearer(actor, roles)).build());
    }

    private void datasetVersion(String dataset, String version, List<String> tags) {
        server.graphQl().documentName("registerDataset").variable("input", Map.of("name", dataset, "owner", "data"))
                .execute().errors().verify();
        server.graphQl().documentName("registerDatasetVersion").variable("input", Map.of("dataset", dataset,
                "version", version, "location", "s3://x/" + version, "digest", DIGEST, "tags", tags)).execute()
                .errors().verify();
    }

    private void openLineage(String runId, String job, String namespace, String input, String inputVersion,
                             String output) {
        server.http("airflow").post().uri("/api/v1/lineage").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                {"eventType": "COMPLETE", "eventTime": "2026-01-15T08:00:00Z", "producer": "https://airflow.example.com",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow", "name": "%s"},
                 "inputs": [{"namespace": "%s", "name": "%s", "facets": {"version": {"datasetVersion": "%s"}}}],
                 "outputs": [{"namespace": "%s", "name": "%s"}]}
                """.formatted(runId, job + "-" + suffix, namespace, input, inputVersion, namespace, output))
                .exchange().expectStatus().isCreated();
    }

    /** alice trains a run on the dataset version and completes it. */
    private String trainedOn(String dataset, String version, boolean dirty) {
        String run = "run-" + UUID.randomUUID().toString().substring(0, 8);
        server.graphQl("alice").documentName("startRun").variable("input", Map.of("run", run, "experiment", "credit",
                "code", Map.of("repository", "https://git.example.com/credit", "commit", COMMIT, "dirty", dirty),
                "inputs", List.of(Map.of("dataset", dataset, "version", version)))).execute().errors().verify();
        server.graphQl("alice").documentName("completeRun").variable("input", Map.of("run", run)).execute()
                .errors().verify();
        return run;
    }

    private void registerModel(String domain, String tier) {
        server.graphQl().documentName("registerModel").variable("input", Map.of("name", model, "owner", "risk",
                "domain", domain, "riskTier", tier)).execute().errors().verify();
    }

    private GraphQlTester.Response registerVersion(String run) {
        return server.graphQl("alice").documentName("registerModelVersion").variable("input", Map.of("model", model,
                "run", run, "artifactUri", "s3://models/" + run, "artifactDigest", DIGEST)).execute();
    }

    /** Version 1 of the model, trained by alice on a clean, untagged dataset version. */
    private void registeredVersion(String domain, String tier) {
        String dataset = "lending/applications-" + suffix;
        datasetVersion(dataset, "v1", List.of());
        String run = trainedOn(dataset, "v1", false);
        registerModel(domain, tier);
        registerVersion(run).path("registerModelVersion.version").entity(Integer.class).isEqualTo(1);
    }

    private void validate(double auc) {
        server.graphQl("dave").documentName("recordValidation").variable("input", Map.of("model", model, "version", 1,
                        "metrics", List.of(Map.of("name", "auc", "value", auc)),
                        "checks", List.of(Map.of("name", "holdout", "passed", true))))
                .execute().errors().verify();
    }

    private GraphQlTester.Response approve(String approver, String role) {
        return server.graphQl(approver).documentName("approveModelVersion").variable("input", Map.of("model", model,
                "version", 1, "role", role, "comment", "reviewed")).execute();
    }

    private Map<String, Object> deployInput() {
        return new HashMap<>(Map.of("environment", "production", "service", service, "model", model, "version", 1));
    }

    private GraphQlTester.Response deploy(String actor) {
        return server.graphQl(actor).documentName("deployModelVersion").variable("input", deployInput()).execute();
    }

    private GraphQlTester.Response evaluate() {
        return server.graphQl("erin").document("""
                        query($m: String!) { evaluatePolicy(model: $m, version: 1, environment: "production") {
                            policy policyVersion outcome rules { rule outcome reason } } }""")
                .variable("m", model).execute();
    }

    private Map<String, Object> item(String type, Map<String, Object> payload) {
        return Map.of("type", type, "clientEventId", type + "-" + UUID.randomUUID(), "payload", payload);
    }

    private JsonNode events(String actor, Map<String, Object> item) throws Exception {
        byte[] reply = server.http(actor).post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsString(List.of(item))).exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody();
        return json.readTree(reply);
    }
}
