package io.custody.infra.lifecycle;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.deployment.DeploymentInputs;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.LiveInterval;
import io.custody.command.lookup.CommandLookups.ModelVersionFacts;
import io.custody.command.lookup.CommandLookups.RunStatus;
import io.custody.command.lookup.LookupProjection;
import io.custody.commands.deployment.DeployModelVersion;
import io.custody.infra.support.IntegrationTest;
import io.custody.values.DatasetName;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import io.custody.values.VersionLabel;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ML lifecycle through HTTP GraphQL: dataset version → run → model version → validation →
 * approval → production deployment, and the rules that refuse a step, checked on the payloads the
 * write API owns, on the event store and on the command-side lookup tables.
 */
class LifecycleMutationsTest extends IntegrationTest {

    static final String DATASET_DIGEST = "sha256:" + "d".repeat(64);
    static final String ARTIFACT_DIGEST = "sha256:" + "e".repeat(64);
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandLookups lookups;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    CommandDispatcher dispatcher;

    /** Fresh names per test: every test shares one application and one database. */
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String dataset = "lending/applications-" + suffix;
    final String run = "run-" + suffix;
    final String model = "credit-risk-" + suffix;
    final String service = "credit-api-" + suffix;

    @Test
    void a_model_version_reaches_production_through_every_gate() {
        registerDatasetVersion("v3");

        GraphQlTester.Response started = startRun(run, "v3");
        started.path("startRun.id").entity(String.class).isEqualTo(run);
        started.path("startRun.receipt.stream").entity(String.class).isEqualTo("run:" + run);
        started.path("startRun.receipt.changed").entity(Boolean.class).isEqualTo(true);

        graphQl().documentName("logMetrics").variable("input", Map.of("run", run, "metrics", List.of(
                        Map.of("name", "val_auc", "value", 0.81, "step", 10, "timestamp", "2026-01-15T09:00:00Z"),
                        Map.of("name", "val_loss", "value", 0.42))))
                .execute().path("logMetrics.receipt.changed").entity(Boolean.class).isEqualTo(true);
        completeRun(run);

        registerModel();
        GraphQlTester.Response version = registerModelVersion(run);
        version.path("registerModelVersion.version").entity(Integer.class).isEqualTo(1);
        version.path("registerModelVersion.model").entity(String.class).isEqualTo(model);
        version.path("registerModelVersion.receipt.changed").entity(Boolean.class).isEqualTo(true);

        validate(1, true);
        approve("bob", 1).path("approveModelVersion.version").entity(Integer.class).isEqualTo(1);

        GraphQlTester.Response deployed = deploy("production", 1, null);
        deployed.path("deployModelVersion.environment").entity(String.class).isEqualTo("production");
        deployed.path("deployModelVersion.service").entity(String.class).isEqualTo(service);
        deployed.path("deployModelVersion.receipt.stream").entity(String.class)
                .isEqualTo("deployment:production/" + service);
        long position = deployed.path("deployModelVersion.receipt.position").entity(Long.class).get();
        assertThat(position).isEqualTo(head("deployment:production/" + service));

        assertThat(payloadTypes("run:" + run)).containsExactly("RunStarted", "MetricsLogged", "RunCompleted");
        assertThat(payloadTypes("model:" + model)).containsExactly("ModelRegistered", "ModelVersionRegistered",
                "ValidationRecorded", "ModelVersionApproved");
        assertThat(payloadTypes("deployment:production/" + service)).containsExactly("ModelVersionDeployed");
        String deployment = payloadJson("deployment:production/" + service, 0);
        assertThat(deployment).contains("\"deployedBy\":\"alice\"").contains("\"policyVersion\":\"builtin-gates/1\"");
        assertThat(payloadJson("run:" + run, 0)).contains(DATASET_DIGEST).contains("\"startedBy\":\"alice\"");
        assertThat(payloadJson("model:" + model, 3)).contains("\"approver\":\"bob\"");

        // The lookup tables were written with the events, in the same transaction.
        assertThat(lookups.run(RunId.of(run)).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        ModelVersionFacts facts = lookups.modelVersion(new ModelVersionRef(ModelName.of(model), 1)).orElseThrow();
        assertThat(facts.trainedBy()).isEqualTo("alice");
        assertThat(facts.approvers()).containsExactly("bob");
        assertThat(facts.lastValidationPassed()).isTrue();
        assertThat(facts.dirty()).isFalse();
        assertThat(facts.inputs()).singleElement().satisfies(input -> {
            assertThat(input.key()).isEqualTo(dataset + "@v3");
            assertThat(input.digest().value()).isEqualTo(DATASET_DIGEST);
        });
        assertThat(lookups.liveness(Environment.of("production"), ServiceName.of(service))).singleElement()
                .satisfies(interval -> {
                    assertThat(interval.modelVersion()).isEqualTo(new ModelVersionRef(ModelName.of(model), 1));
                    assertThat(interval.canary()).isFalse();
                    assertThat(interval.to()).isNull();
                });
    }

    @Test
    void a_run_on_a_quarantined_dataset_version_is_a_conflict_and_stores_nothing() {
        registerDatasetVersion("v3");
        graphQl().documentName("quarantineDatasetVersion")
                .variable("input", Map.of("dataset", dataset, "version", "v3", "reason", "label leakage"))
                .execute().path("quarantineDatasetVersion.receipt.changed").entity(Boolean.class).isEqualTo(true);
        assertThat(lookups.datasetVersion(DatasetName.of(dataset), VersionLabel.of("v3")).orElseThrow().quarantined())
                .isTrue();

        startRun(run, "v3").errors().satisfy(rejected("CONFLICT", "input.inputs[0]", "quarantined"));
        assertThat(eventsIn("run:" + run)).isZero();
        assertThat(lookups.run(RunId.of(run))).isEmpty();
    }

    @Test
    void a_run_on_an_unregistered_dataset_version_is_not_found() {
        registerDatasetVersion("v3");
        startRun(run, "v4").errors().satisfy(rejected("NOT_FOUND", "input.inputs[0]", "is not registered"));
        assertThat(eventsIn("run:" + run)).isZero();
    }

    @Test
    void a_model_version_from_a_running_run_is_a_conflict_and_stores_nothing() {
        registerDatasetVersion("v3");
        startRun(run, "v3");
        registerModel();
        registerModelVersion(run).errors().satisfy(rejected("CONFLICT", "input.run", "completed run"));
        assertThat(eventsIn("model:" + model)).isEqualTo(1);
    }

    @Test
    void registering_the_same_artifact_of_the_same_run_again_answers_the_same_number_unchanged() {
        trainedAndRegistered();
        int before = eventsIn("model:" + model);
        GraphQlTester.Response again = registerModelVersion(run);
        again.path("registerModelVersion.version").entity(Integer.class).isEqualTo(1);
        again.path("registerModelVersion.receipt.changed").entity(Boolean.class).isEqualTo(false);

        Map<String, Object> input = modelVersionInput(run);
        input.put("clientEventId", "mv-" + suffix);
        input.put("artifactDigest", "sha256:" + "f".repeat(64));
        for (boolean first : new boolean[] {true, false}) {
            GraphQlTester.Response sent = graphQl().documentName("registerModelVersion").variable("input", input)
                    .execute();
            sent.path("registerModelVersion.version").entity(Integer.class).isEqualTo(2);
            sent.path("registerModelVersion.receipt.changed").entity(Boolean.class).isEqualTo(first);
        }
        assertThat(eventsIn("model:" + model)).isEqualTo(before + 1);
    }

    @Test
    void approving_a_model_version_one_trained_oneself_is_forbidden_and_stores_nothing() {
        trainedAndRegistered();
        int before = eventsIn("model:" + model);
        approve("alice", 1).errors().satisfy(rejected("FORBIDDEN", "input.version", "trained"));
        assertThat(eventsIn("model:" + model)).isEqualTo(before);
    }

    @Test
    void a_production_deployment_without_approval_is_forbidden_and_stores_nothing() {
        trainedAndRegistered();
        validate(1, true);
        deploy("production", 1, null).errors().satisfy(rejected("FORBIDDEN", "input.version", "no approval is recorded"));
        assertThat(eventsIn("deployment:production/" + service)).isZero();
        assertThat(lookups.liveness(Environment.of("production"), ServiceName.of(service))).isEmpty();
    }

    @Test
    void liveness_is_kept_as_intervals_across_canary_promotion_and_rollback() {
        trainedAndRegistered();
        completeTrainedRun("run2-" + suffix, ARTIFACT_DIGEST.replace('e', '7'));
        ServiceName svc = ServiceName.of(service);
        Environment staging = Environment.of("staging");

        deploy("staging", 1, null);
        deploy("staging", 2, 0.25);
        deploy("staging", 2, null);
        graphQl().documentName("rollBack").variable("input", Map.of("environment", "staging", "service", service,
                "reason", "latency")).execute().path("rollBack.receipt.changed").entity(Boolean.class).isEqualTo(true);

        List<LiveInterval> intervals = lookups.liveness(staging, svc);
        assertThat(intervals).extracting(i -> i.modelVersion().version() + (i.canary() ? "c" : "") + (i.to() == null ? "*" : ""))
                .containsExactly("1", "2c", "2", "1*");
        assertThat(intervals.get(1).share()).isEqualTo(0.25);
        for (int i = 0; i < intervals.size() - 1; i++) {
            assertThat(intervals.get(i).to()).isNotNull().isAfterOrEqualTo(intervals.get(i).from());
        }
        assertThat(payloadTypes("deployment:staging/" + service)).containsExactly("ModelVersionDeployed",
                "ModelVersionDeployed", "ModelVersionDeployed", "DeploymentRolledBack");
    }

    @Test
    void the_time_an_emitter_reports_is_when_a_version_went_live() {
        trainedAndRegistered();
        DeploymentInputs.DeployModelVersionInput input = new DeploymentInputs.DeployModelVersionInput("staging",
                service, model, 1, null, null);
        DeployModelVersion command = input.toCommand(new Caller("deployer-bot", "ingest", null));
        dispatcher.dispatch(command, command.streamId(), new Caller("deployer-bot", "ingest", null), null,
                "2026-01-15T10:00:00+01:00", false);
        assertThat(lookups.liveness(Environment.of("staging"), ServiceName.of(service))).singleElement()
                .satisfies(interval -> assertThat(interval.from()).isEqualTo(Instant.parse("2026-01-15T09:00:00Z")));
    }

    @Test
    void command_lookups_run_as_a_subscribing_processor_while_read_models_track_the_store() {
        EventProcessor lookupsProcessor = processing.eventProcessor(LookupProjection.GROUP).orElseThrow();
        assertThat(lookupsProcessor).isInstanceOf(SubscribingEventProcessor.class);
        assertThat(processing.eventProcessor("dataset-read-model").orElseThrow())
                .isInstanceOf(TrackingEventProcessor.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class,
                LookupProjection.GROUP)).isZero();
    }

    @Test
    void a_lookup_row_is_written_by_the_transaction_that_appends_its_event() {
        registerModel();
        // xmin is the id of the PostgreSQL transaction that inserted the row.
        String eventTransaction = jdbc.queryForObject("SELECT xmin::text FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = 0", String.class, "model:" + model);
        String lookupTransaction = jdbc.queryForObject("SELECT xmin::text FROM cs_model WHERE model = ?", String.class,
                model);
        assertThat(lookupTransaction).isEqualTo(eventTransaction);
    }

    // --- steps ---------------------------------------------------------------------------------

    void registerDatasetVersion(String version) {
        graphQl().document("mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { receipt { changed } } }")
                .variable("i", Map.of("name", dataset, "owner", "risk-data")).execute()
                .path("registerDataset.receipt.changed").entity(Boolean.class).isEqualTo(true);
        graphQl().document("mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) "
                        + "{ receipt { changed } } }")
                .variable("i", Map.of("dataset", dataset, "version", version, "digest", DATASET_DIGEST,
                        "location", "s3://lake/" + dataset + "/" + version)).execute()
                .path("registerDatasetVersion.receipt.changed").entity(Boolean.class).isEqualTo(true);
    }

    GraphQlTester.Response startRun(String id, String datasetVersion) {
        return graphQl().documentName("startRun").variable("input", Map.of(
                "run", id, "experiment", "credit",
                "code", Map.of("repository", "https://git.example.com/risk/credit", "commit", COMMIT),
                "inputs", List.of(Map.of("dataset", dataset, "version", datasetVersion)),
                "hyperparameters", List.of(Map.of("key", "max_depth", "value", "6")),
                "environment", Map.of("image", "registry/train:1", "packages",
                        List.of(Map.of("key", "xgboost", "value", "2.0.3"))))).execute();
    }

    void completeRun(String id) {
        graphQl().documentName("completeRun").variable("input", Map.of("run", id)).execute()
                .path("completeRun.receipt.changed").entity(Boolean.class).isEqualTo(true);
    }

    void registerModel() {
        graphQl().documentName("registerModel").variable("input", Map.of("name", model, "owner", "risk-models",
                        "domain", "lending", "riskTier", "HIGH")).execute()
                .path("registerModel.name").entity(String.class).isEqualTo(model);
    }

    Map<String, Object> modelVersionInput(String fromRun) {
        Map<String, Object> input = new HashMap<>();
        input.put("model", model);
        input.put("run", fromRun);
        input.put("artifactUri", "s3://models/" + model + "/" + fromRun + "/model.bin");
        input.put("artifactDigest", ARTIFACT_DIGEST);
        return input;
    }

    GraphQlTester.Response registerModelVersion(String fromRun) {
        return graphQl().documentName("registerModelVersion").variable("input", modelVersionInput(fromRun)).execute();
    }

    /** alice trained version 1 of the model from a completed run on the dataset version v3. */
    void trainedAndRegistered() {
        registerDatasetVersion("v3");
        startRun(run, "v3");
        completeRun(run);
        registerModel();
        registerModelVersion(run).path("registerModelVersion.version").entity(Integer.class).isEqualTo(1);
    }

    void completeTrainedRun(String id, String artifactDigest) {
        startRun(id, "v3");
        completeRun(id);
        Map<String, Object> input = modelVersionInput(id);
        input.put("artifactDigest", artifactDigest);
        graphQl().documentName("registerModelVersion").variable("input", input).execute()
                .path("registerModelVersion.version").entity(Integer.class).isEqualTo(2);
    }

    void validate(int version, boolean passed) {
        graphQl("dave").documentName("recordValidation").variable("input", Map.of("model", model, "version", version,
                        "metrics", List.of(Map.of("name", "holdout_auc", "value", 0.81)),
                        "checks", List.of(Map.of("name", "holdout-auc", "passed", passed))))
                .execute().path("recordValidation.receipt.changed").entity(Boolean.class).isEqualTo(true);
    }

    GraphQlTester.Response approve(String approver, int version) {
        return graphQl(approver).documentName("approveModelVersion").variable("input", Map.of("model", model,
                "version", version, "role", "risk-officer", "comment", "reviewed")).execute();
    }

    GraphQlTester.Response deploy(String environment, int version, Double canaryShare) {
        Map<String, Object> input = new HashMap<>(Map.of("environment", environment, "service", service,
                "model", model, "version", version));
        if (canaryShare != null) {
            input.put("canaryShare", canaryShare);
        }
        return graphQl().documentName("deployModelVersion").variable("input", input).execute();
    }

    // --- the store ------------------------------------------------------------------------------

    static Consumer<List<ResponseError>> rejected(String code, String field, String messagePart) {
        return errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getExtensions()).containsEntry("code", code).containsEntry("field", field);
            assertThat(errors.get(0).getMessage()).contains(messagePart);
        };
    }

    int eventsIn(String stream) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, stream);
        return n == null ? 0 : n;
    }

    long head(String stream) {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, stream);
        return head == null ? -1 : head;
    }

    List<String> payloadTypes(String stream) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number", String.class, stream).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    String payloadJson(String stream, int sequence) {
        return jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = ?", String.class, stream, sequence);
    }
}
