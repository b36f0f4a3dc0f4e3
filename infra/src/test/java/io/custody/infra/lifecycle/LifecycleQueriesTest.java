package io.custody.infra.lifecycle;

import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.prediction.OutcomeRecorded;
import io.custody.values.Environment;
import io.custody.values.RequestId;
import io.custody.values.ServiceName;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The lifecycle read models, search and replay through HTTP GraphQL. */
class LifecycleQueriesTest extends LifecycleIntegrationTest {

    static final List<String> PROCESSORS = List.of("run-read-model", "model-read-model", "deployment-read-model",
            "prediction-read-model");
    static final List<String> TABLES = List.of("rm_run", "rm_run_input", "rm_run_metric_log", "rm_run_metric_latest",
            "rm_run_artifact", "rm_model", "rm_model_version", "rm_model_validation", "rm_model_approval",
            "rm_model_alias", "rm_deployment", "rm_deployment_interval", "rm_prediction");

    @Test
    void a_model_shows_its_versions_aliases_and_deployments() {
        Names n = fullLifecycle();
        GraphQlTester.Response model = graphQl().documentName("model").variable("name", n.model()).execute();
        model.path("model.owner").entity(String.class).isEqualTo("risk-ml")
                .path("model.domain").entity(String.class).isEqualTo("lending")
                .path("model.riskTier").entity(String.class).isEqualTo("HIGH")
                .path("model.versionCount").entity(Integer.class).isEqualTo(2)
                .path("model.registeredBy").entity(String.class).isEqualTo("carol")
                .path("model.registeredAt").entity(String.class).isEqualTo("2026-01-06T09:00Z")
                .path("model.versions.nodes[*].version").entityList(Integer.class).containsExactly(2, 1)
                .path("model.versions.nodes[*].live").entityList(Boolean.class).containsExactly(false, true)
                .path("model.versions.nodes[1].aliases").entityList(String.class).containsExactly("champion")
                .path("model.aliases[*].alias").entityList(String.class).containsExactly("challenger", "champion")
                .path("model.aliases[1].modelVersion.artifactDigest").entity(String.class).isEqualTo(ARTIFACT_V1)
                .path("model.deployments.nodes[*].version").entityList(Integer.class).containsExactly(1, 2, 2, 1)
                .path("model.deployments.nodes[*].live").entityList(Boolean.class).containsExactly(false, false, false, true);
    }

    @Test
    void a_model_version_shows_its_run_validations_approvals_deployments_and_aliases() {
        Names n = fullLifecycle();
        GraphQlTester.Response v1 = graphQl().documentName("modelVersion").variable("model", n.model())
                .variable("version", 1).execute();
        v1.path("modelVersion.artifactDigest").entity(String.class).isEqualTo(ARTIFACT_V1)
                .path("modelVersion.registeredBy").entity(String.class).isEqualTo("carol")
                .path("modelVersion.live").entity(Boolean.class).isEqualTo(true)
                .path("modelVersion.archived").entity(Boolean.class).isEqualTo(false)
                .path("modelVersion.aliases").entityList(String.class).containsExactly("champion")
                .path("modelVersion.modelInfo.owner").entity(String.class).isEqualTo("risk-ml")
                .path("modelVersion.run.id").entity(String.class).isEqualTo(n.run1())
                .path("modelVersion.run.status").entity(String.class).isEqualTo("COMPLETED")
                .path("modelVersion.run.code.commit").entity(String.class).isEqualTo(COMMIT)
                .path("modelVersion.run.code.dirty").entity(Boolean.class).isEqualTo(false)
                .path("modelVersion.run.inputs[0].dataset").entity(String.class).isEqualTo(n.dataset())
                .path("modelVersion.run.inputs[0].digest").entity(String.class).isEqualTo(DATASET_DIGEST)
                .path("modelVersion.run.inputs[0].datasetVersion.quarantined").entity(Boolean.class).isEqualTo(false)
                .path("modelVersion.run.hyperparameters.learning_rate").entity(String.class).isEqualTo("0.1")
                .path("modelVersion.run.environment.packages.xgboost").entity(String.class).isEqualTo("2.0.3")
                .path("modelVersion.validations.nodes[0].passed").entity(Boolean.class).isEqualTo(true)
                .path("modelVersion.validations.nodes[0].validatedBy").entity(String.class).isEqualTo("dave")
                .path("modelVersion.validations.nodes[0].metrics.auc").entity(Double.class).isEqualTo(0.86)
                .path("modelVersion.validations.nodes[0].checks[0].name").entity(String.class).isEqualTo("holdout-auc")
                .path("modelVersion.approvals.nodes[0].approver").entity(String.class).isEqualTo("erin")
                .path("modelVersion.approvals.nodes[0].role").entity(String.class).isEqualTo("risk-officer")
                .path("modelVersion.approvals.nodes[0].approvedAt").entity(String.class).isEqualTo("2026-01-08T09:00Z");

        // v1: live from the first deploy until v2 replaced it, and again from the rollback on.
        v1.path("modelVersion.deployments.nodes[*].startReason").entityList(String.class)
                .containsExactly("DEPLOYED", "ROLLBACK")
                .path("modelVersion.deployments.nodes[0].from").entity(String.class).isEqualTo("2026-01-10T09:00Z")
                .path("modelVersion.deployments.nodes[0].deployedBy").entity(String.class).isEqualTo("frank")
                .path("modelVersion.deployments.nodes[0].policyVersion").entity(String.class).isEqualTo("gates@3")
                .path("modelVersion.deployments.nodes[0].to").entity(String.class).isEqualTo("2026-01-14T09:00Z")
                .path("modelVersion.deployments.nodes[0].endReason").entity(String.class).isEqualTo("REPLACED")
                .path("modelVersion.deployments.nodes[0].endNote").entity(String.class).isEqualTo("by " + n.model() + "#2")
                .path("modelVersion.deployments.nodes[1].from").entity(String.class).isEqualTo("2026-01-15T09:00Z")
                .path("modelVersion.deployments.nodes[1].deployedBy").entity(String.class).isEqualTo("grace")
                .path("modelVersion.deployments.nodes[1].to").valueIsNull()
                .path("modelVersion.deployments.nodes[1].live").entity(Boolean.class).isEqualTo(true);

        GraphQlTester.Response v2 = graphQl().documentName("modelVersion").variable("model", n.model())
                .variable("version", 2).execute();
        v2.path("modelVersion.live").entity(Boolean.class).isEqualTo(false)
                .path("modelVersion.aliases").entityList(String.class).containsExactly("challenger")
                .path("modelVersion.run.id").entity(String.class).isEqualTo(n.run2())
                .path("modelVersion.deployments.nodes[*].canary").entityList(Boolean.class).containsExactly(true, false)
                .path("modelVersion.deployments.nodes[0].share").entity(Double.class).isEqualTo(0.1)
                .path("modelVersion.deployments.nodes[0].endReason").entity(String.class).isEqualTo("PROMOTED")
                .path("modelVersion.deployments.nodes[1].endReason").entity(String.class).isEqualTo("ROLLED_BACK")
                .path("modelVersion.deployments.nodes[1].endNote").entity(String.class).isEqualTo("latency regression")
                .path("modelVersion.deployments.nodes[1].endedBy").entity(String.class).isEqualTo("grace");
    }

    @Test
    void a_run_shows_code_inputs_hyperparameters_latest_metrics_and_artifacts() {
        Names n = fullLifecycle();
        graphQl().documentName("run").variable("id", n.run1()).execute()
                .path("run.status").entity(String.class).isEqualTo("COMPLETED")
                .path("run.experiment").entity(String.class).isEqualTo("credit-weekly")
                .path("run.startedBy").entity(String.class).isEqualTo("trainer-bot")
                .path("run.recordedBy").entity(String.class).isEqualTo("carol")
                .path("run.startedAt").entity(String.class).isEqualTo("2026-01-05T08:00Z")
                .path("run.endedAt").entity(String.class).isEqualTo("2026-01-05T10:00Z")
                .path("run.code.repository").entity(String.class).isEqualTo("https://git.example.com/risk/credit.git")
                .path("run.inputs[0].version").entity(String.class).isEqualTo("v3")
                .path("run.hyperparameters.max_depth").entity(String.class).isEqualTo("6")
                .path("run.environment.image").entity(String.class).satisfies(i -> assertThat(i).contains("@sha256:"))
                .path("run.metrics[*].name").entityList(String.class).containsExactly("auc", "loss")
                .path("run.metrics[*].value").entityList(Double.class).containsExactly(0.86, 0.41)
                .path("run.metrics[*].step").entityList(Long.class).containsExactly(2L, 2L)
                .path("run.metricHistory.totalCount").entity(Integer.class).isEqualTo(2)
                .path("run.metricHistory.nodes[*].value").entityList(Double.class).containsExactly(0.80, 0.86)
                .path("run.artifacts.nodes[0].digest").entity(String.class).isEqualTo(ARTIFACT_V1)
                .path("run.modelVersions[0].version").entity(Integer.class).isEqualTo(1);
        graphQl().documentName("run").variable("id", "no-such-run").execute().path("run").valueIsNull();
    }

    @Test
    void custody_of_a_prediction_walks_back_to_the_training_data() {
        Names n = fullLifecycle();
        GraphQlTester.Response custody = graphQl().documentName("custody").variable("environment", "production")
                .variable("service", n.service()).variable("requestId", "req-1").execute();
        custody.path("custody.prediction.predictedAt").entity(String.class).isEqualTo("2026-01-11T12:00Z")
                .path("custody.prediction.output.pd").entity(Double.class).isEqualTo(0.07)
                .path("custody.prediction.outcome.defaulted").entity(Boolean.class).isEqualTo(false)
                .path("custody.prediction.observedAt").entity(String.class).isEqualTo("2026-02-11T00:00Z")
                .path("custody.deployment.environment").entity(String.class).isEqualTo("production")
                .path("custody.deployment.service").entity(String.class).isEqualTo(n.service())
                .path("custody.deployment.version").entity(Integer.class).isEqualTo(1)
                .path("custody.deployment.from").entity(String.class).isEqualTo("2026-01-10T09:00Z")
                .path("custody.deployment.deployedBy").entity(String.class).isEqualTo("frank")
                .path("custody.deployment.to").entity(String.class).isEqualTo("2026-01-14T09:00Z")
                .path("custody.modelVersion.artifactDigest").entity(String.class).isEqualTo(ARTIFACT_V1)
                .path("custody.modelVersion.registeredBy").entity(String.class).isEqualTo("carol")
                .path("custody.modelVersion.registeredAt").entity(String.class).isEqualTo("2026-01-06T10:00Z")
                .path("custody.validations[0].validatedBy").entity(String.class).isEqualTo("dave")
                .path("custody.validations[0].passed").entity(Boolean.class).isEqualTo(true)
                .path("custody.approvals[0].approver").entity(String.class).isEqualTo("erin")
                .path("custody.approvals[0].approvedAt").entity(String.class).isEqualTo("2026-01-08T09:00Z")
                .path("custody.run.id").entity(String.class).isEqualTo(n.run1())
                .path("custody.run.code.repository").entity(String.class)
                .isEqualTo("https://git.example.com/risk/credit.git")
                .path("custody.run.code.commit").entity(String.class).isEqualTo(COMMIT)
                .path("custody.run.code.dirty").entity(Boolean.class).isEqualTo(false)
                .path("custody.run.startedBy").entity(String.class).isEqualTo("trainer-bot")
                .path("custody.run.startedAt").entity(String.class).isEqualTo("2026-01-05T08:00Z")
                .path("custody.run.hyperparameters.learning_rate").entity(String.class).isEqualTo("0.1")
                .path("custody.run.environment.packages.python").entity(String.class).isEqualTo("3.11.7")
                .path("custody.inputs[0].dataset").entity(String.class).isEqualTo(n.dataset())
                .path("custody.inputs[0].version").entity(String.class).isEqualTo("v3")
                .path("custody.inputs[0].digest").entity(String.class).isEqualTo(DATASET_DIGEST);

        // The second prediction was served by v2's primary stint, built by the second run.
        graphQl().documentName("custody").variable("environment", "production").variable("service", n.service())
                .variable("requestId", "req-2").execute()
                .path("custody.deployment.version").entity(Integer.class).isEqualTo(2)
                .path("custody.deployment.canary").entity(Boolean.class).isEqualTo(false)
                .path("custody.deployment.from").entity(String.class).isEqualTo("2026-01-14T09:00Z")
                .path("custody.modelVersion.artifactDigest").entity(String.class).isEqualTo(ARTIFACT_V2)
                .path("custody.run.id").entity(String.class).isEqualTo(n.run2())
                .path("custody.prediction.outcome").valueIsNull()
                .path("custody.validations").entityList(Object.class).hasSize(0);
    }

    @Test
    void custody_of_an_unknown_prediction_is_null() {
        graphQl().documentName("custody").variable("environment", "production").variable("service", "nowhere")
                .variable("requestId", "req-0").execute().path("custody").valueIsNull();
    }

    @Test
    void custody_with_a_malformed_environment_is_a_bad_request_naming_the_argument() {
        graphQl().documentName("custody").variable("environment", "Prod!").variable("service", "scoring")
                .variable("requestId", "req-0").execute().errors().satisfy(errors ->
                        assertThat(errors.get(0).getExtensions()).containsEntry("code", "BAD_REQUEST")
                                .containsEntry("field", "environment"));
    }

    @Test
    void liveness_is_a_set_of_intervals_through_deploy_canary_promote_rollback_and_undeploy() {
        Names n = Names.fresh();
        Log log = train(n);
        log.publish();
        String deployment = n.deploymentStream();

        log.append(deployment, deploy(n, 1, null, null), "frank", "2026-01-10T09:00:00Z").publish();
        assertLive(n, true, false);
        deploymentOf(n).path("deployment.live").entity(Boolean.class).isEqualTo(true)
                .path("deployment.liveVersions[*].version").entityList(Integer.class).containsExactly(1)
                .path("deployment.liveVersions[0].from").entity(String.class).isEqualTo("2026-01-10T09:00Z")
                .path("deployment.liveVersions[0].deployedBy").entity(String.class).isEqualTo("frank");

        log.append(deployment, deploy(n, 2, 0.1, null), "frank", "2026-01-13T09:00:00Z").publish();
        assertLive(n, true, true);
        deploymentOf(n).path("deployment.primary.version").entity(Integer.class).isEqualTo(1)
                .path("deployment.canaries[*].version").entityList(Integer.class).containsExactly(2)
                .path("deployment.canaries[0].share").entity(Double.class).isEqualTo(0.1)
                .path("deployment.liveVersions[*].version").entityList(Integer.class).containsExactly(1, 2);

        log.append(deployment, deploy(n, 2, null, 1), "frank", "2026-01-14T09:00:00Z").publish();
        assertLive(n, false, true);
        deploymentOf(n).path("deployment.primary.version").entity(Integer.class).isEqualTo(2)
                .path("deployment.canaries").entityList(Object.class).hasSize(0);

        log.append(deployment, new DeploymentRolledBack(Environment.of("production"), ServiceName.of(n.service()),
                n.v(2), n.v(1), "latency regression"), "grace", "2026-01-15T09:00:00Z").publish();
        assertLive(n, true, false);
        deploymentOf(n).path("deployment.primary.version").entity(Integer.class).isEqualTo(1);

        log.append(deployment, new ModelUndeployed(Environment.of("production"), ServiceName.of(n.service()),
                List.of(n.v(1)), "service retired"), "grace", "2026-01-20T09:00:00Z").publish();
        assertLive(n, false, false);
        GraphQlTester.Response history = deploymentOf(n);
        history.path("deployment.live").entity(Boolean.class).isEqualTo(false)
                .path("deployment.primary").valueIsNull()
                .path("deployment.liveVersions").entityList(Object.class).hasSize(0)
                // Every stint is kept, never overwritten: closed ones carry their end.
                .path("deployment.history.nodes[*].version").entityList(Integer.class).containsExactly(1, 2, 2, 1)
                .path("deployment.history.nodes[*].canary").entityList(Boolean.class).containsExactly(false, true, false, false)
                .path("deployment.history.nodes[*].startReason").entityList(String.class)
                .containsExactly("DEPLOYED", "DEPLOYED", "DEPLOYED", "ROLLBACK")
                .path("deployment.history.nodes[*].endReason").entityList(String.class)
                .containsExactly("REPLACED", "PROMOTED", "ROLLED_BACK", "UNDEPLOYED")
                .path("deployment.history.nodes[*].from").entityList(String.class).containsExactly("2026-01-10T09:00Z",
                        "2026-01-13T09:00Z", "2026-01-14T09:00Z", "2026-01-15T09:00Z")
                .path("deployment.history.nodes[*].to").entityList(String.class).containsExactly("2026-01-14T09:00Z",
                        "2026-01-14T09:00Z", "2026-01-15T09:00Z", "2026-01-20T09:00Z")
                .path("deployment.history.nodes[3].endNote").entity(String.class).isEqualTo("service retired");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_deployment_interval WHERE service = ?", Integer.class,
                n.service())).isEqualTo(4);

        // Only live deployments when asked for live ones; the undeployed one is still in the inventory.
        graphQl().documentName("deployments").variable("environment", "production").variable("liveOnly", true)
                .variable("first", 500).execute()
                .path("deployments.edges[*].node.service").entityList(String.class).doesNotContain(n.service())
                .path("deployments.edges[*].node.live").entityList(Boolean.class).doesNotContain(false);
        graphQl().documentName("deployments").variable("environment", "production").variable("first", 500).execute()
                .path("deployments.edges[*].node.service").entityList(String.class).contains(n.service());
    }

    void assertLive(Names n, boolean v1, boolean v2) {
        for (int version = 1; version <= 2; version++) {
            graphQl().document("query($m: String!, $v: Int!) { modelVersion(model: $m, version: $v) { live } }")
                    .variable("m", n.model()).variable("v", version).execute()
                    .path("modelVersion.live").entity(Boolean.class).isEqualTo(version == 1 ? v1 : v2);
        }
    }

    GraphQlTester.Response deploymentOf(Names n) {
        return graphQl().documentName("deployment").variable("environment", "production")
                .variable("service", n.service()).execute();
    }

    @Test
    void deployments_list_the_live_versions_with_since_and_by_and_page_with_cursors() {
        Names a = fullLifecycle();
        Names b = Names.fresh();
        Log log = train(b);
        log.append(b.deploymentStream(), deploy(b, 1, null, null), "frank", "2026-01-10T09:00:00Z").publish();

        List<String> services = new ArrayList<>();
        String cursor = null;
        do {
            GraphQlTester.Response page = graphQl().documentName("deployments").variable("environment", "production")
                    .variable("liveOnly", true).variable("first", 1).variable("after", cursor).execute();
            services.addAll(page.path("deployments.edges[*].node.service").entityList(String.class).get());
            boolean more = page.path("deployments.pageInfo.hasNextPage").entity(Boolean.class).get();
            cursor = more ? page.path("deployments.pageInfo.endCursor").entity(String.class).get() : null;
        } while (cursor != null);
        assertThat(services).contains(a.service(), b.service()).doesNotHaveDuplicates();

        GraphQlTester.Response all = graphQl().documentName("deployments").variable("environment", "production")
                .variable("liveOnly", true).variable("first", 500).execute();
        int index = services.indexOf(a.service());
        all.path("deployments.edges[" + index + "].node.key").entity(String.class)
                .isEqualTo("production/" + a.service())
                .path("deployments.edges[" + index + "].node.liveVersions[0].version").entity(Integer.class).isEqualTo(1)
                .path("deployments.edges[" + index + "].node.liveVersions[0].from").entity(String.class)
                .isEqualTo("2026-01-15T09:00Z")
                .path("deployments.edges[" + index + "].node.liveVersions[0].deployedBy").entity(String.class)
                .isEqualTo("grace")
                .path("deployments.edges[" + index + "].node.history.nodes").entityList(Object.class).hasSize(4);
    }

    @Test
    void search_finds_model_versions_and_deployments_with_facets() {
        Names n = fullLifecycle();
        GraphQlTester.Response found = graphQl().documentName("lifecycleSearch").variable("text", n.suffix())
                .variable("types", List.of("MODEL", "MODEL_VERSION", "DEPLOYMENT", "RUN")).execute();
        found.path("search.hits[*].id").entityList(String.class).contains("MODEL:" + n.model(),
                "MODEL_VERSION:" + n.model() + "#1", "MODEL_VERSION:" + n.model() + "#2",
                "DEPLOYMENT:production/" + n.service(), "RUN:" + n.run1());
        found.path("search.facets[?(@.field == 'domain')].buckets[*].value").entityList(String.class)
                .contains("lending");
        found.path("search.facets[?(@.field == 'environment')].buckets[*].value").entityList(String.class)
                .containsExactly("production");
        found.path("search.facets[?(@.field == 'type')].buckets[*].value").entityList(String.class)
                .contains("MODEL_VERSION", "DEPLOYMENT");

        GraphQlTester.Response version = graphQl().documentName("lifecycleSearch").variable("text", n.suffix())
                .variable("types", List.of("MODEL_VERSION")).variable("filters", Map.of("domain", "lending")).execute();
        version.path("search.hits[*].key").entityList(String.class).satisfies(keys ->
                assertThat(keys).containsExactlyInAnyOrder(n.model() + "#1", n.model() + "#2"));
        version.path("search.hits[0].owner").entity(String.class).isEqualTo("risk-ml");

        GraphQlTester.Response live = graphQl().documentName("lifecycleSearch").variable("text", n.suffix())
                .variable("types", List.of("DEPLOYMENT")).variable("filters", Map.of("live", true,
                        "environment", "production")).execute();
        live.path("search.hits[0].key").entity(String.class).isEqualTo("production/" + n.service())
                .path("search.hits[0].live").entity(Boolean.class).isEqualTo(true)
                .path("search.hits[0].owner").entity(String.class).isEqualTo("risk-ml")
                .path("search.hits[0].title").entity(String.class)
                .isEqualTo("production/" + n.service() + " serving " + n.model() + "#1");
        live.path("search.facets[?(@.field == 'live')].buckets[*].value").entityList(String.class)
                .containsExactly("true");

        // Undeploying flips the document's live field.
        new Log().append(n.deploymentStream(), new ModelUndeployed(Environment.of("production"),
                ServiceName.of(n.service()), List.of(), "retired"), "grace", null).publish();
        graphQl().documentName("lifecycleSearch").variable("text", n.suffix())
                .variable("types", List.of("DEPLOYMENT")).variable("filters", Map.of("live", false)).execute()
                .path("search.hits[0].key").entity(String.class).isEqualTo("production/" + n.service())
                .path("search.hits[0].title").entity(String.class)
                .isEqualTo("production/" + n.service() + " (not serving)");
    }

    @Test
    void predictions_arriving_in_one_batch_with_their_outcomes_are_written_once_each() {
        Names n = fullLifecycle();
        Log log = new Log();
        for (int i = 0; i < 250; i++) {
            String requestId = "bulk-" + i;
            log.append(predictionStream(n, requestId), prediction(n, requestId, 1, "2026-01-16T00:00:00Z"),
                    "scoring", null);
            if (i % 2 == 0) {
                log.append(predictionStream(n, requestId), new OutcomeRecorded(Environment.of("production"),
                        ServiceName.of(n.service()), RequestId.of(requestId),
                        json.createObjectNode().put("defaulted", i % 4 == 0), null), "loans", "2026-03-01T00:00:00Z");
            }
        }
        log.publish();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_prediction WHERE service = ? AND request_id LIKE 'bulk-%'",
                Integer.class, n.service())).isEqualTo(250);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_prediction WHERE service = ? AND request_id LIKE 'bulk-%' "
                + "AND outcome IS NOT NULL", Integer.class, n.service())).isEqualTo(125);
        graphQl().document("query($s: String!) { prediction(environment: \"production\", service: $s, "
                        + "requestId: \"bulk-4\") { version outcome observedAt modelVersion { artifactDigest } } }")
                .variable("s", n.service()).execute()
                .path("prediction.outcome.defaulted").entity(Boolean.class).isEqualTo(true)
                .path("prediction.observedAt").entity(String.class).isEqualTo("2026-03-01T00:00Z")
                .path("prediction.modelVersion.artifactDigest").entity(String.class).isEqualTo(ARTIFACT_V1);
    }

    @Test
    void replaying_the_lifecycle_read_models_from_the_start_changes_no_row() {
        fullLifecycle();
        Map<String, String> before = snapshot();

        for (String name : PROCESSORS) {
            StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                    .orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
        long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        await("the replay reached position " + head).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> PROCESSORS.stream().allMatch(name -> replayedTo(name, head)));
        assertThat(snapshot()).isEqualTo(before);
    }

    /**
     * Whether every segment of the processor has handled the event at {@code head} again. Axon keeps
     * calling the segments "replaying" until an event past the reset point arrives, so that flag can't
     * tell when the replay is done.
     */
    boolean replayedTo(String name, long head) {
        Map<Integer, EventTrackerStatus> status = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow().processingStatus();
        return !status.isEmpty() && status.values().stream()
                .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
    }

    /** Row count and a digest of every row's content, per lifecycle table. */
    Map<String, String> snapshot() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            out.put(table, jdbc.queryForObject("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "
                    + "ORDER BY t::text)), '') FROM " + table + " t", String.class));
        }
        return out;
    }

}
