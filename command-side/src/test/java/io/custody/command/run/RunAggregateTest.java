package io.custody.command.run;

import io.custody.command.lookup.StubLookups;
import io.custody.commands.run.CompleteRun;
import io.custody.commands.run.FailRun;
import io.custody.commands.run.LogArtifact;
import io.custody.commands.run.LogMetrics;
import io.custody.commands.run.StartRun;
import io.custody.errors.ErrorCode;
import io.custody.events.run.ArtifactLogged;
import io.custody.events.run.MetricsLogged;
import io.custody.events.run.RunCompleted;
import io.custody.events.run.RunFailed;
import io.custody.events.run.RunStarted;
import io.custody.values.CodeVersion;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Metric;
import io.custody.values.RunId;
import io.custody.values.TrainingEnvironment;
import io.custody.values.VersionLabel;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.custody.command.support.CustodyMatchers.custody;

class RunAggregateTest {

    private static final RunId RUN = RunId.of("run-42");
    private static final DatasetName APPLICATIONS = DatasetName.of("lending/applications");
    private static final DatasetName BUREAU = DatasetName.of("lending/bureau");
    private static final VersionLabel V3 = VersionLabel.of("v3");
    private static final ContentDigest DIGEST_A = ContentDigest.of("sha256:" + "a".repeat(64));
    private static final ContentDigest DIGEST_B = ContentDigest.of("sha256:" + "b".repeat(64));
    private static final CodeVersion CODE = new CodeVersion("https://git.example.com/risk/credit", "c".repeat(40), false);
    private static final TrainingEnvironment ENVIRONMENT = new TrainingEnvironment("registry/train@sha256:1",
            Map.of("xgboost", "2.0.3"));

    private AggregateTestFixture<RunAggregate> fixture;
    private StubLookups lookups;

    @BeforeEach
    void setUp() {
        lookups = new StubLookups()
                .datasetVersion(APPLICATIONS, V3, DIGEST_A, false)
                .datasetVersion(BUREAU, V3, DIGEST_B, true);
        fixture = new AggregateTestFixture<>(RunAggregate.class);
        fixture.registerInjectableResource(lookups);
    }

    private static StartRun start(List<StartRun.DatasetInput> inputs) {
        return new StartRun(RUN, "credit", CODE, inputs, Map.of("max_depth", "6"), ENVIRONMENT, "carol");
    }

    private static StartRun start() {
        return start(List.of(new StartRun.DatasetInput(APPLICATIONS, V3)));
    }

    private static RunStarted started() {
        return new RunStarted(RUN, "credit", CODE, List.of(new DatasetVersionRef(APPLICATIONS, V3, DIGEST_A)),
                Map.of("max_depth", "6"), ENVIRONMENT, "carol");
    }

    private static LogMetrics metrics() {
        return new LogMetrics(RUN, List.of(new Metric("val_auc", 0.81, 10, Instant.parse("2026-01-15T09:00:00Z"))));
    }

    private static LogArtifact artifact(ContentDigest digest) {
        return new LogArtifact(RUN, "model", "s3://models/credit/run-42/model.bin", digest);
    }

    @Test
    void start_records_the_run_with_the_digest_each_input_has_now() {
        fixture.givenNoPriorActivity()
                .when(start())
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(true)
                .expectEvents(started());
    }

    @Test
    void start_again_with_the_same_facts_is_a_no_op() {
        fixture.given(started())
                .when(start())
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void start_again_with_other_facts_is_a_conflict() {
        fixture.given(started())
                .when(new StartRun(RUN, "credit", CODE, List.of(), Map.of("max_depth", "8"), ENVIRONMENT, "carol"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "already started"));
    }

    @Test
    void start_on_an_unregistered_dataset_version_is_not_found_naming_the_input() {
        fixture.givenNoPriorActivity()
                .when(start(List.of(new StartRun.DatasetInput(APPLICATIONS, V3),
                        new StartRun.DatasetInput(APPLICATIONS, VersionLabel.of("v9")))))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.inputs[1]", "lending/applications@v9 is not registered"));
    }

    @Test
    void start_on_a_quarantined_dataset_version_is_a_conflict_naming_the_input() {
        fixture.givenNoPriorActivity()
                .when(start(List.of(new StartRun.DatasetInput(BUREAU, V3))))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.inputs[0]", "quarantined"));
    }

    @Test
    void start_listing_a_dataset_version_twice_is_a_bad_request() {
        fixture.givenNoPriorActivity()
                .when(start(List.of(new StartRun.DatasetInput(APPLICATIONS, V3),
                        new StartRun.DatasetInput(APPLICATIONS, V3))))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.inputs[1]", "listed twice"));
    }

    @Test
    void start_without_code_is_a_bad_request() {
        fixture.givenNoPriorActivity()
                .when(new StartRun(RUN, "credit", null, List.of(), Map.of(), null, "carol"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.code", "is required"));
    }

    @Test
    void metrics_are_logged_while_the_run_is_running() {
        fixture.given(started())
                .when(metrics())
                .expectEvents(new MetricsLogged(RUN, metrics().metrics()));
    }

    @Test
    void a_metrics_batch_without_metrics_is_a_bad_request() {
        fixture.given(started())
                .when(new LogMetrics(RUN, List.of()))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.metrics", "at least one"));
    }

    @Test
    void metrics_for_an_unknown_run_are_not_found() {
        fixture.givenNoPriorActivity()
                .when(metrics())
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void metrics_after_completion_are_a_conflict_because_the_run_is_closed() {
        fixture.given(started(), new RunCompleted(RUN))
                .when(metrics())
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "run is closed"));
    }

    @Test
    void metrics_after_failure_are_a_conflict_because_the_run_is_closed() {
        fixture.given(started(), new RunFailed(RUN, "out of memory"))
                .when(metrics())
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "run is closed"));
    }

    @Test
    void an_artifact_is_logged_while_the_run_is_running() {
        fixture.given(started())
                .when(artifact(DIGEST_A))
                .expectEvents(new ArtifactLogged(RUN, "model", "s3://models/credit/run-42/model.bin", DIGEST_A));
    }

    @Test
    void the_same_artifact_logged_again_is_a_no_op() {
        fixture.given(started(), new ArtifactLogged(RUN, "model", "s3://models/credit/run-42/model.bin", DIGEST_A))
                .when(artifact(DIGEST_A))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void an_artifact_name_with_another_digest_is_a_conflict() {
        fixture.given(started(), new ArtifactLogged(RUN, "model", "s3://models/credit/run-42/model.bin", DIGEST_A))
                .when(artifact(DIGEST_B))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.name", DIGEST_A.value()));
    }

    @Test
    void an_artifact_without_digest_is_a_bad_request() {
        fixture.given(started())
                .when(artifact(null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.digest", "is required"));
    }

    @Test
    void an_artifact_after_completion_is_a_conflict_because_the_run_is_closed() {
        fixture.given(started(), new RunCompleted(RUN))
                .when(artifact(DIGEST_A))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "run is closed"));
    }

    @Test
    void complete_closes_the_run() {
        fixture.given(started())
                .when(new CompleteRun(RUN))
                .expectEvents(new RunCompleted(RUN));
    }

    @Test
    void complete_again_is_a_no_op() {
        fixture.given(started(), new RunCompleted(RUN))
                .when(new CompleteRun(RUN))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void complete_after_failure_is_a_conflict_because_the_run_is_closed() {
        fixture.given(started(), new RunFailed(RUN, "out of memory"))
                .when(new CompleteRun(RUN))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "run is closed"));
    }

    @Test
    void fail_closes_the_run_with_the_reason() {
        fixture.given(started())
                .when(new FailRun(RUN, "out of memory"))
                .expectEvents(new RunFailed(RUN, "out of memory"));
    }

    @Test
    void fail_without_reason_is_a_bad_request() {
        fixture.given(started())
                .when(new FailRun(RUN, " "))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.reason", "must say why"));
    }

    @Test
    void fail_after_completion_is_a_conflict_because_the_run_is_closed() {
        fixture.given(started(), new RunCompleted(RUN))
                .when(new FailRun(RUN, "late"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "run is closed"));
    }

    @Test
    void fail_after_failure_is_a_conflict_because_the_run_is_closed() {
        fixture.given(started(), new RunFailed(RUN, "out of memory"))
                .when(new FailRun(RUN, "again"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "run is closed"));
    }
}
