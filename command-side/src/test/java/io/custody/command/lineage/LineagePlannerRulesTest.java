package io.custody.command.lineage;

import io.custody.command.lineage.LineagePlanner.Plan;
import io.custody.command.lineage.LineagePlanner.PlannedEvent;
import io.custody.command.lineage.LineagePlanner.Status;
import io.custody.command.lineage.Parsed.ParsedDataset;
import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.lineage.JobRunCompleted;
import io.custody.events.lineage.JobRunFailed;
import io.custody.events.lineage.JobRunStarted;
import io.custody.values.DatasetName;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.JobRunState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.custody.command.lineage.LineagePlannerTest.dataset;
import static io.custody.command.lineage.LineagePlannerTest.knownRun;
import static io.custody.command.lineage.LineagePlannerTest.nothingKnown;
import static io.custody.command.lineage.LineagePlannerTest.payloads;
import static io.custody.command.lineage.LineagePlannerTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The aggregates' rules as the planner judges them for a chunk: each accepted, and each refused. */
class LineagePlannerRulesTest {

    private static final String RUN = "0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4d";
    private static final String OTHER = "0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4e";
    private static final String T0 = "2026-01-15T09:00:00Z";
    private static final String T1 = "2026-01-15T09:05:00Z";
    private static final String T2 = "2026-01-15T09:10:00Z";

    private static CustodyException refusal(Plan plan, int event) {
        assertThat(plan.outcomes().get(event).status()).isEqualTo(Status.REFUSED);
        return plan.outcomes().get(event).refusal();
    }

    @Test
    void a_report_of_a_known_run_under_its_own_job_is_recorded_after_its_events() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run("COMPLETE", RUN, T1, "build", "", "")),
                knownRun(RUN, "build", null));

        assertThat(payloads(plan)).hasExactlyElementsOfTypes(JobRunCompleted.class);
        assertThat(plan.events().get(0).sequence()).isEqualTo(2);
    }

    @Test
    void a_report_of_a_known_run_under_another_job_is_refused_at_job() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run("COMPLETE", RUN, T1, "other", "", "")),
                knownRun(RUN, "build", null));

        CustodyException refused = refusal(plan, 0);
        assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(refused.field()).isEqualTo("$.job");
        assertThat(refused.getMessage()).isEqualTo("run " + RUN + " is a run of job airflow/build, not of "
                + "airflow/other; a run id names one run of one job");
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void a_run_reported_earlier_in_the_chunk_under_another_job_refuses_the_later_report() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run("START", RUN, T0, "build", "", ""),
                run("COMPLETE", RUN, T1, "other", "", "")), nothingKnown());

        assertThat(plan.outcomes().get(0).status()).isEqualTo(Status.STORED);
        assertThat(refusal(plan, 1).field()).isEqualTo("$.job");
    }

    @Test
    void a_second_ending_of_another_kind_is_refused_at_event_type() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run("FAIL", RUN, T1, "build", "", "")),
                knownRun(RUN, "build", JobRunState.COMPLETE));

        CustodyException refused = refusal(plan, 0);
        assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(refused.field()).isEqualTo("$.eventType");
        assertThat(refused.getMessage()).isEqualTo("run " + RUN + " already ended with COMPLETE; it cannot also "
                + "end with FAIL");
    }

    @Test
    void the_same_ending_again_and_a_late_start_are_recorded() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run("COMPLETE", RUN, T1, "build", "", ""),
                run("START", RUN, T0, "build", "", "")), knownRun(RUN, "build", JobRunState.COMPLETE));

        assertThat(payloads(plan)).hasExactlyElementsOfTypes(JobRunCompleted.class, JobRunStarted.class);
    }

    @Test
    void an_ending_earlier_in_the_chunk_refuses_another_kind_of_ending() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run("COMPLETE", RUN, T1, "build", "", ""),
                run("FAIL", RUN, T2, "build", "", ""), run("FAIL", OTHER, T2, "build", "", "")), nothingKnown());

        assertThat(refusal(plan, 1).field()).isEqualTo("$.eventType");
        assertThat(payloads(plan)).hasExactlyElementsOfTypes(JobRunCompleted.class, JobRunFailed.class);
        assertThat(plan.events()).extracting(PlannedEvent::event).containsExactly(0, 2);
    }

    @Test
    void a_refused_event_leaves_nothing_behind_for_the_next() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run("COMPLETE", RUN, T1, "other", "", dataset("scores")),
                run("COMPLETE", OTHER, T1, "score", "", dataset("scores"))), knownRun(RUN, "build", null));

        assertThat(refusal(plan, 0).field()).isEqualTo("$.job");
        assertThat(plan.outcomes().get(1).registered()).contains("dataset s3://lake/scores");
        assertThat(plan.events()).allMatch(e -> e.event() == 1);
        assertThat(payloads(plan)).filteredOn(DatasetRegistered.class::isInstance).hasSize(1);
    }

    @Test
    void a_version_with_a_negative_row_count_is_refused_at_row_count() {
        DatasetName name = new DatasetName("s3://lake/scores");
        ParsedDataset scores = new ParsedDataset("$.outputs[0]", "s3://lake", "scores", name, null, null, null,
                List.of(), -1L, null);
        Parsed event = Parsed.ParsedRun.of(JobRunId.of(RUN), JobRunState.COMPLETE, new JobRef("airflow", "build"),
                Instant.parse(T1)).outputs(List.of(scores)).build();

        CustodyException refused = refusal(LineagePlanner.plan(List.of(event), nothingKnown()), 0);
        assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refused.field()).isEqualTo("input.rowCount");
    }
}
