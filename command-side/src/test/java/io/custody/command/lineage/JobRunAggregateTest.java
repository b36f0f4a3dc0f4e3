package io.custody.command.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.commands.lineage.RecordJobRunEvent;
import io.custody.errors.ErrorCode;
import io.custody.events.lineage.JobRunAborted;
import io.custody.events.lineage.JobRunCompleted;
import io.custody.events.lineage.JobRunFailed;
import io.custody.events.lineage.JobRunStarted;
import io.custody.events.lineage.JobRunUpdated;
import io.custody.events.lineage.LineageRecorded;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;
import io.custody.values.JobRunState;
import io.custody.values.LineageDataset;
import io.custody.values.VersionLabel;
import io.custody.values.VersionSource;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.custody.command.support.CustodyMatchers.custody;

class JobRunAggregateTest {

    private static final JobRunId RUN = JobRunId.of("0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4d");
    private static final JobRef JOB = new JobRef("airflow-prod", "credit_pipeline.build_features");
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-15T09:05:00Z");
    private static final ObjectNode FACETS = new ObjectMapper().createObjectNode().put("custom", "kept");
    private static final LineageDataset INPUT = new LineageDataset("s3://lake", "raw/applications",
            DatasetName.of("s3://lake/raw/applications"), VersionLabel.of("v3"),
            ContentDigest.of("sha256:" + "a".repeat(64)), VersionSource.FACET, FACETS, null);
    private static final LineageDataset OUTPUT = new LineageDataset("s3://lake", "features/applications",
            DatasetName.of("s3://lake/features/applications"), VersionLabel.of("run-" + RUN),
            ContentDigest.of("sha256:" + "b".repeat(64)), VersionSource.PRODUCING_RUN, null, null);

    private AggregateTestFixture<JobRunAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(JobRunAggregate.class);
    }

    private static JobRunReport report(JobRunState state, Instant at) {
        return report(JOB, state, at);
    }

    private static JobRunReport report(JobRef job, JobRunState state, Instant at) {
        return new JobRunReport(job, state, at, "https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java",
                null, null, null, null, FACETS, null);
    }

    private static RecordJobRunEvent record(JobRunState state, Instant at, List<LineageDataset> inputs,
                                            List<LineageDataset> outputs) {
        return new RecordJobRunEvent(RUN, report(state, at), state == JobRunState.FAIL ? "boom" : null, inputs,
                outputs);
    }

    @Test
    void a_start_with_datasets_records_the_start_and_the_lineage() {
        fixture.givenNoPriorActivity()
                .when(record(JobRunState.START, T0, List.of(INPUT), List.of(OUTPUT)))
                .expectEvents(new JobRunStarted(RUN, report(JobRunState.START, T0)),
                        new LineageRecorded(RUN, JOB, T0, List.of(INPUT), List.of(OUTPUT)));
    }

    @Test
    void a_report_without_datasets_records_only_the_state() {
        fixture.given(new JobRunStarted(RUN, report(JobRunState.START, T0)))
                .when(record(JobRunState.RUNNING, T1, List.of(), List.of()))
                .expectEvents(new JobRunUpdated(RUN, report(JobRunState.RUNNING, T1)));
    }

    @Test
    void a_completion_may_arrive_before_the_start() {
        fixture.givenNoPriorActivity()
                .when(record(JobRunState.COMPLETE, T1, List.of(), List.of()))
                .expectEvents(new JobRunCompleted(RUN, report(JobRunState.COMPLETE, T1)));
    }

    @Test
    void a_start_arriving_after_the_completion_is_still_recorded() {
        fixture.given(new JobRunCompleted(RUN, report(JobRunState.COMPLETE, T1)))
                .when(record(JobRunState.START, T0, List.of(), List.of()))
                .expectEvents(new JobRunStarted(RUN, report(JobRunState.START, T0)));
    }

    @Test
    void the_same_report_sent_again_changes_nothing() {
        fixture.given(new JobRunStarted(RUN, report(JobRunState.START, T0)))
                .when(record(JobRunState.START, T0, List.of(INPUT), List.of()))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void a_failure_keeps_the_error_message() {
        fixture.given(new JobRunStarted(RUN, report(JobRunState.START, T0)))
                .when(record(JobRunState.FAIL, T1, List.of(), List.of()))
                .expectEvents(new JobRunFailed(RUN, report(JobRunState.FAIL, T1), "boom"));
    }

    @Test
    void an_abort_is_recorded_as_such() {
        fixture.given(new JobRunStarted(RUN, report(JobRunState.START, T0)))
                .when(record(JobRunState.ABORT, T1, List.of(), List.of()))
                .expectEvents(new JobRunAborted(RUN, report(JobRunState.ABORT, T1)));
    }

    @Test
    void a_run_that_completed_cannot_also_fail() {
        fixture.given(new JobRunCompleted(RUN, report(JobRunState.COMPLETE, T0)))
                .when(record(JobRunState.FAIL, T1, List.of(), List.of()))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "$.eventType", "already ended with COMPLETE"));
    }

    @Test
    void a_run_reported_under_another_job_is_a_conflict() {
        fixture.given(new JobRunStarted(RUN, report(JobRunState.START, T0)))
                .when(new RecordJobRunEvent(RUN, report(new JobRef("airflow-prod", "other"), JobRunState.COMPLETE, T1),
                        null, List.of(), List.of()))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "$.job", "one run of one job"));
    }
}
