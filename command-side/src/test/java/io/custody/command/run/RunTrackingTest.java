package io.custody.command.run;

import io.custody.command.lookup.StubLookups;
import io.custody.commands.run.DeleteRun;
import io.custody.commands.run.DeleteRunTag;
import io.custody.commands.run.LogMetrics;
import io.custody.commands.run.LogParams;
import io.custody.commands.run.LogRunInputs;
import io.custody.commands.run.OpenRun;
import io.custody.commands.run.RestoreRun;
import io.custody.commands.run.SetRunTags;
import io.custody.commands.run.StartRun;
import io.custody.errors.ErrorCode;
import io.custody.events.run.RunCodeRecorded;
import io.custody.events.run.RunCompleted;
import io.custody.events.run.RunDeleted;
import io.custody.events.run.RunInputsLogged;
import io.custody.events.run.RunParamsLogged;
import io.custody.events.run.RunRestored;
import io.custody.events.run.RunStarted;
import io.custody.events.run.RunTagDeleted;
import io.custody.events.run.RunTagsSet;
import io.custody.values.CodeVersion;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Metric;
import io.custody.values.RunId;
import io.custody.values.VersionLabel;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.custody.command.support.CustodyMatchers.custody;

/** The rules of runs an MLflow client tracks: created first, then parameters, tags, code and inputs logged. */
class RunTrackingTest {

    private static final RunId RUN = RunId.of("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    private static final String COMMIT = "c".repeat(40);
    private static final String REPOSITORY = "https://git.example.com/risk/credit.git";
    private static final DatasetName APPLICATIONS = DatasetName.of("lending/applications");
    private static final DatasetName BUREAU = DatasetName.of("lending/bureau");
    private static final VersionLabel V3 = VersionLabel.of("v3");
    private static final ContentDigest DIGEST = ContentDigest.of("sha256:" + "a".repeat(64));

    private AggregateTestFixture<RunAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(RunAggregate.class);
        fixture.registerInjectableResource(new StubLookups()
                .datasetVersion(APPLICATIONS, V3, DIGEST, false)
                .datasetVersion(BUREAU, V3, DIGEST, true));
    }

    private static RunStarted opened() {
        return new RunStarted(RUN, "7", null, List.of(), Map.of(), null, "dana");
    }

    @Test
    void open_starts_a_run_with_no_code_and_no_inputs() {
        fixture.givenNoPriorActivity()
                .when(new OpenRun(RUN, "7", "dana"))
                .expectEvents(opened());
    }

    @Test
    void open_twice_is_a_conflict() {
        fixture.given(opened())
                .when(new OpenRun(RUN, "7", "dana"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "already exists"));
    }

    @Test
    void a_parameter_is_logged_once_and_the_same_value_again_is_a_no_op() {
        fixture.given(opened(), new RunParamsLogged(RUN, Map.of("max_depth", "6")))
                .when(new LogParams(RUN, Map.of("max_depth", "6", "lr", "0.1")))
                .expectEvents(new RunParamsLogged(RUN, Map.of("lr", "0.1")));
        fixture.given(opened(), new RunParamsLogged(RUN, Map.of("max_depth", "6")))
                .when(new LogParams(RUN, Map.of("max_depth", "6")))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void a_parameter_cannot_change_its_value() {
        fixture.given(opened(), new RunParamsLogged(RUN, Map.of("max_depth", "6")))
                .when(new LogParams(RUN, Map.of("max_depth", "8")))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.params.max_depth", "cannot be changed"));
    }

    @Test
    void the_git_commit_and_source_tags_record_the_code_once_both_are_there() {
        fixture.given(opened(), new RunTagsSet(RUN, Map.of(RunCode.COMMIT, COMMIT)))
                .when(new SetRunTags(RUN, Map.of(RunCode.SOURCE_NAME, REPOSITORY)))
                .expectEvents(new RunTagsSet(RUN, Map.of(RunCode.SOURCE_NAME, REPOSITORY)),
                        new RunCodeRecorded(RUN, new CodeVersion(REPOSITORY, COMMIT, false)));
    }

    @Test
    void a_commit_tag_without_where_the_code_came_from_records_no_code() {
        fixture.given(opened())
                .when(new SetRunTags(RUN, Map.of(RunCode.COMMIT, COMMIT)))
                .expectEvents(new RunTagsSet(RUN, Map.of(RunCode.COMMIT, COMMIT)));
    }

    @Test
    void recorded_code_cannot_change() {
        fixture.given(opened(), new RunTagsSet(RUN, Map.of(RunCode.COMMIT, COMMIT, RunCode.SOURCE_NAME, REPOSITORY)),
                        new RunCodeRecorded(RUN, new CodeVersion(REPOSITORY, COMMIT, false)))
                .when(new SetRunTags(RUN, Map.of(RunCode.COMMIT, "d".repeat(40))))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.tags", "cannot change"));
    }

    @Test
    void a_commit_that_is_not_40_hex_is_a_bad_request_naming_the_tag() {
        fixture.given(opened())
                .when(new SetRunTags(RUN, Map.of(RunCode.COMMIT, "abc123", RunCode.SOURCE_NAME, REPOSITORY)))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.tags." + RunCode.COMMIT, "40-hex"));
    }

    @Test
    void code_tags_on_a_closed_run_are_refused_but_other_tags_are_set() {
        fixture.given(opened(), new RunCompleted(RUN))
                .when(new SetRunTags(RUN, Map.of(RunCode.COMMIT, COMMIT, RunCode.SOURCE_NAME, REPOSITORY)))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.tags", "closed"));
        fixture.given(opened(), new RunCompleted(RUN))
                .when(new SetRunTags(RUN, Map.of("note", "looked fine")))
                .expectEvents(new RunTagsSet(RUN, Map.of("note", "looked fine")));
    }

    @Test
    void a_tag_is_deleted_only_when_it_is_there() {
        fixture.given(opened(), new RunTagsSet(RUN, Map.of("note", "x")))
                .when(new DeleteRunTag(RUN, "note"))
                .expectEvents(new RunTagDeleted(RUN, "note"));
        fixture.given(opened())
                .when(new DeleteRunTag(RUN, "note"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.key", "no tag note"));
    }

    @Test
    void inputs_logged_later_are_checked_and_pinned_by_digest_and_a_repeat_is_a_no_op() {
        fixture.given(opened())
                .when(new LogRunInputs(RUN, List.of(new StartRun.DatasetInput(APPLICATIONS, V3))))
                .expectEvents(new RunInputsLogged(RUN, List.of(new DatasetVersionRef(APPLICATIONS, V3, DIGEST))));
        fixture.given(opened(), new RunInputsLogged(RUN, List.of(new DatasetVersionRef(APPLICATIONS, V3, DIGEST))))
                .when(new LogRunInputs(RUN, List.of(new StartRun.DatasetInput(APPLICATIONS, V3))))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void a_quarantined_input_cannot_be_logged() {
        fixture.given(opened())
                .when(new LogRunInputs(RUN, List.of(new StartRun.DatasetInput(BUREAU, V3))))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.inputs[0]", "quarantined"));
    }

    @Test
    void a_deleted_run_takes_nothing_until_restored() {
        fixture.given(opened())
                .when(new DeleteRun(RUN))
                .expectEvents(new RunDeleted(RUN));
        fixture.given(opened(), new RunDeleted(RUN))
                .when(new LogMetrics(RUN, List.of(new Metric("auc", 0.8, 1, null))))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.run", "deleted"));
        fixture.given(opened(), new RunDeleted(RUN))
                .when(new RestoreRun(RUN))
                .expectEvents(new RunRestored(RUN));
    }
}
