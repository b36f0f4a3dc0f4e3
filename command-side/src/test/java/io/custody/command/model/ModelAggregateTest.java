package io.custody.command.model;

import io.custody.command.lookup.CommandLookups.RunStatus;
import io.custody.command.lookup.StubLineage;
import io.custody.command.lookup.StubLookups;
import io.custody.command.policy.StubGovernance;
import io.custody.commands.model.ApproveModelVersion;
import io.custody.commands.model.ArchiveModelVersion;
import io.custody.commands.model.RecordValidation;
import io.custody.commands.model.RegisterModel;
import io.custody.commands.model.RegisterModelVersion;
import io.custody.commands.model.RemoveAlias;
import io.custody.commands.model.SetAlias;
import io.custody.errors.ErrorCode;
import io.custody.events.model.AliasRemoved;
import io.custody.events.model.AliasSet;
import io.custody.events.model.ModelRegistered;
import io.custody.events.model.ModelVersionApproved;
import io.custody.events.model.ModelVersionArchived;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.model.ValidationRecorded;
import io.custody.values.Alias;
import io.custody.values.ContentDigest;
import io.custody.values.ModelName;
import io.custody.values.RiskTier;
import io.custody.values.RunId;
import io.custody.values.TeamName;
import io.custody.values.ValidationCheck;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.custody.command.support.CustodyMatchers.custody;

class ModelAggregateTest {

    private static final ModelName MODEL = ModelName.of("credit-risk");
    private static final TeamName TEAM = TeamName.of("risk-models");
    private static final RunId RUN = RunId.of("run-42");
    private static final RunId OTHER_RUN = RunId.of("run-43");
    /** Started by the pipeline token "ci-bot" on behalf of carol. */
    private static final RunId ON_BEHALF_RUN = RunId.of("run-44");
    private static final RunId RUNNING = RunId.of("run-running");
    private static final RunId FAILED = RunId.of("run-failed");
    private static final ContentDigest DIGEST_A = ContentDigest.of("sha256:" + "a".repeat(64));
    private static final ContentDigest DIGEST_B = ContentDigest.of("sha256:" + "b".repeat(64));
    private static final String URI = "s3://models/credit-risk/model.bin";
    private static final Alias CHAMPION = Alias.of("champion");
    private static final List<ValidationCheck> PASSING = List.of(new ValidationCheck("holdout-auc", true, "0.81 >= 0.75"),
            new ValidationCheck("bias-parity", true, null));

    private AggregateTestFixture<ModelAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ModelAggregate.class);
        StubLookups lookups = new StubLookups()
                .run(RUN, RunStatus.COMPLETED, "carol")
                .run(OTHER_RUN, RunStatus.COMPLETED, "carol")
                .run(ON_BEHALF_RUN, RunStatus.COMPLETED, "carol", "ci-bot")
                .run(RUNNING, RunStatus.RUNNING, "carol")
                .run(FAILED, RunStatus.FAILED, "carol");
        fixture.registerInjectableResource(lookups);
        fixture.registerInjectableResource(StubGovernance.of(lookups, new StubLineage()));
        // The data-use decision is the evaluator's (PolicyEvaluatorTest); these tests check the registration.
        fixture.registerIgnoredField(ModelVersionRegistered.class, "decision");
    }

    private static ModelRegistered registered() {
        return new ModelRegistered(MODEL, TEAM, "lending", RiskTier.HIGH, "probability of default");
    }

    private static RegisterModelVersion version(RunId run, ContentDigest digest) {
        return new RegisterModelVersion(MODEL, run, URI, digest, "{\"income\": \"double\"}", null);
    }

    private static ModelVersionRegistered versionRegistered(int number, RunId run, ContentDigest digest) {
        return new ModelVersionRegistered(MODEL, number, run, URI, digest, "{\"income\": \"double\"}", null);
    }

    @Test
    void register_records_the_model() {
        fixture.givenNoPriorActivity()
                .when(new RegisterModel(MODEL, TEAM, "lending", RiskTier.HIGH, "probability of default"))
                .expectEvents(registered());
    }

    @Test
    void register_again_with_the_same_facts_is_a_no_op() {
        fixture.given(registered())
                .when(new RegisterModel(MODEL, TEAM, "lending", RiskTier.HIGH, "probability of default"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void register_again_with_another_risk_tier_is_a_conflict() {
        fixture.given(registered())
                .when(new RegisterModel(MODEL, TEAM, "lending", RiskTier.LOW, "probability of default"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.name", "already registered"));
    }

    @Test
    void register_without_risk_tier_is_a_bad_request() {
        fixture.givenNoPriorActivity()
                .when(new RegisterModel(MODEL, TEAM, "lending", null, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.riskTier", "is required"));
    }

    @Test
    void the_first_version_from_a_completed_run_gets_number_1() {
        fixture.given(registered())
                .when(version(RUN, DIGEST_A))
                .expectEvents(versionRegistered(1, RUN, DIGEST_A))
                .expectResultMessagePayload(1);
    }

    @Test
    void the_next_version_gets_the_previous_highest_number_plus_one() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A))
                .when(version(OTHER_RUN, DIGEST_B))
                .expectEvents(versionRegistered(2, OTHER_RUN, DIGEST_B))
                .expectResultMessagePayload(2);
    }

    @Test
    void the_same_run_with_the_same_artifact_again_answers_the_existing_number_and_records_nothing() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A), versionRegistered(2, OTHER_RUN, DIGEST_B))
                .when(version(RUN, DIGEST_A))
                .expectNoEvents()
                .expectResultMessagePayload(1);
    }

    @Test
    void a_version_whose_artifact_digest_pins_no_content_is_a_bad_request() {
        fixture.given(registered())
                .when(version(RUN, ContentDigest.mlflow("1a2b3c4d")))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.artifactDigest", "sha256"));
    }

    @Test
    void a_version_of_an_unregistered_model_is_not_found() {
        fixture.givenNoPriorActivity()
                .when(version(RUN, DIGEST_A))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void a_version_from_an_unrecorded_run_is_not_found() {
        fixture.given(registered())
                .when(version(RunId.of("run-unknown"), DIGEST_A))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.run", "not recorded"));
    }

    @Test
    void a_version_from_a_running_run_is_a_conflict() {
        fixture.given(registered())
                .when(version(RUNNING, DIGEST_A))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "only come from a completed run"));
    }

    @Test
    void a_version_from_a_failed_run_is_a_conflict() {
        fixture.given(registered())
                .when(version(FAILED, DIGEST_A))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.run", "FAILED"));
    }

    @Test
    void a_version_without_artifact_digest_is_a_bad_request() {
        fixture.given(registered())
                .when(version(RUN, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.artifactDigest", "is required"));
    }

    @Test
    void a_validation_whose_checks_all_passed_is_recorded_as_passed() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A))
                .when(new RecordValidation(MODEL, 1, Map.of("auc", 0.81), PASSING, "dave"))
                .expectEvents(new ValidationRecorded(MODEL, 1, Map.of("auc", 0.81), PASSING, true, "dave"));
    }

    @Test
    void a_validation_with_one_failed_check_is_recorded_as_failed() {
        List<ValidationCheck> checks = List.of(new ValidationCheck("holdout-auc", true, null),
                new ValidationCheck("bias-parity", false, "disparity 0.12 > 0.05"));
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A))
                .when(new RecordValidation(MODEL, 1, Map.of(), checks, "dave"))
                .expectEvents(new ValidationRecorded(MODEL, 1, Map.of(), checks, false, "dave"));
    }

    @Test
    void a_validation_without_checks_is_a_bad_request() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A))
                .when(new RecordValidation(MODEL, 1, Map.of("auc", 0.81), List.of(), "dave"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.checks", "at least one check"));
    }

    @Test
    void a_validation_of_an_unknown_version_is_not_found() {
        fixture.given(registered())
                .when(new RecordValidation(MODEL, 7, Map.of(), PASSING, "dave"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.version", "no version 7"));
    }

    @Test
    void a_validation_of_an_archived_version_is_a_conflict() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A), new ModelVersionArchived(MODEL, 1, "old"))
                .when(new RecordValidation(MODEL, 1, Map.of(), PASSING, "dave"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.version", "archived"));
    }

    @Test
    void an_approval_by_someone_other_than_the_trainer_is_recorded() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A))
                .when(new ApproveModelVersion(MODEL, 1, "bob", "risk-officer", "looks good"))
                .expectEvents(new ModelVersionApproved(MODEL, 1, "bob", "risk-officer", "looks good"));
    }

    @Test
    void an_approval_by_the_person_who_trained_the_version_is_forbidden() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A))
                .when(new ApproveModelVersion(MODEL, 1, "Carol", "risk-officer", null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.FORBIDDEN, "input.version", "must not be the person who trained it"));
    }

    @Test
    void an_approval_by_the_actor_who_started_the_run_on_someone_elses_behalf_is_forbidden() {
        fixture.given(registered(), versionRegistered(1, ON_BEHALF_RUN, DIGEST_A))
                .when(new ApproveModelVersion(MODEL, 1, "ci-bot", "risk-officer", null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.FORBIDDEN, "input.version", "must not be the person who trained it"));
    }

    @Test
    void an_approval_by_whom_a_run_names_as_its_trainer_is_forbidden_whoever_started_it() {
        fixture.given(registered(), versionRegistered(1, ON_BEHALF_RUN, DIGEST_A))
                .when(new ApproveModelVersion(MODEL, 1, "carol", "risk-officer", null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.FORBIDDEN, "input.version", "must not be the person who trained it"));
    }

    @Test
    void an_approval_is_forbidden_when_who_trained_the_version_is_unknown() {
        fixture.given(registered(), versionRegistered(1, RunId.of("run-unknown"), DIGEST_A))
                .when(new ApproveModelVersion(MODEL, 1, "bob", null, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.FORBIDDEN, "input.version", "is unknown"));
    }

    @Test
    void the_same_approver_approving_again_is_a_no_op() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A),
                        new ModelVersionApproved(MODEL, 1, "bob", "risk-officer", null))
                .when(new ApproveModelVersion(MODEL, 1, "bob", "risk-officer", "again"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void an_approval_of_an_archived_version_is_a_conflict() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A), new ModelVersionArchived(MODEL, 1, null))
                .when(new ApproveModelVersion(MODEL, 1, "bob", null, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.version", "archived"));
    }

    @Test
    void an_approval_of_an_unknown_version_is_not_found() {
        fixture.given(registered())
                .when(new ApproveModelVersion(MODEL, 3, "bob", null, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.version", "no version 3"));
    }

    @Test
    void an_alias_is_set_on_a_version() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A))
                .when(new SetAlias(MODEL, CHAMPION, 1))
                .expectEvents(new AliasSet(MODEL, CHAMPION, 1, null));
    }

    @Test
    void moving_an_alias_records_the_version_it_named_before() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A), versionRegistered(2, OTHER_RUN, DIGEST_B),
                        new AliasSet(MODEL, CHAMPION, 1, null))
                .when(new SetAlias(MODEL, CHAMPION, 2))
                .expectEvents(new AliasSet(MODEL, CHAMPION, 2, 1));
    }

    @Test
    void setting_an_alias_to_the_version_it_names_is_a_no_op() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A), new AliasSet(MODEL, CHAMPION, 1, null))
                .when(new SetAlias(MODEL, CHAMPION, 1))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void an_alias_on_an_archived_version_is_a_conflict() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A), new ModelVersionArchived(MODEL, 1, null))
                .when(new SetAlias(MODEL, CHAMPION, 1))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.version", "archived"));
    }

    @Test
    void an_alias_on_an_unknown_version_is_not_found() {
        fixture.given(registered())
                .when(new SetAlias(MODEL, CHAMPION, 1))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.version", "no version 1"));
    }

    @Test
    void removing_an_alias_records_the_version_it_named() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A), new AliasSet(MODEL, CHAMPION, 1, null))
                .when(new RemoveAlias(MODEL, CHAMPION))
                .expectEvents(new AliasRemoved(MODEL, CHAMPION, 1));
    }

    @Test
    void removing_an_alias_the_model_does_not_have_is_not_found() {
        fixture.given(registered())
                .when(new RemoveAlias(MODEL, CHAMPION))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.alias", "no alias champion"));
    }

    @Test
    void archiving_a_version_records_it() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A))
                .when(new ArchiveModelVersion(MODEL, 1, "superseded"))
                .expectEvents(new ModelVersionArchived(MODEL, 1, "superseded"));
    }

    @Test
    void archiving_an_archived_version_is_a_no_op() {
        fixture.given(registered(), versionRegistered(1, RUN, DIGEST_A), new ModelVersionArchived(MODEL, 1, null))
                .when(new ArchiveModelVersion(MODEL, 1, "again"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void archiving_an_unknown_version_is_not_found() {
        fixture.given(registered())
                .when(new ArchiveModelVersion(MODEL, 5, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.version", "no version 5"));
    }
}
