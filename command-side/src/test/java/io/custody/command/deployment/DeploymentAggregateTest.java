package io.custody.command.deployment;

import io.custody.command.lookup.CommandLookups.ModelVersionFacts;
import io.custody.command.lookup.StubLineage;
import io.custody.command.lookup.StubLookups;
import io.custody.command.policy.PolicyRefusedException;
import io.custody.command.policy.StubGovernance;
import io.custody.commands.deployment.DeployModelVersion;
import io.custody.commands.deployment.RollBack;
import io.custody.commands.deployment.Undeploy;
import io.custody.errors.ErrorCode;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Environment;
import io.custody.values.GovernedCommand;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import io.custody.values.VersionLabel;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.custody.command.support.CustodyMatchers.custody;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasProperty;

class DeploymentAggregateTest {

    private static final Environment STAGING = Environment.of("staging");
    private static final Environment PRODUCTION = Environment.of("production");
    private static final ServiceName SERVICE = ServiceName.of("credit-api");
    private static final ModelName MODEL = ModelName.of("credit-risk");
    private static final ModelVersionRef V1 = new ModelVersionRef(MODEL, 1);
    private static final ModelVersionRef V2 = new ModelVersionRef(MODEL, 2);
    private static final ModelVersionRef V3 = new ModelVersionRef(MODEL, 3);
    private static final ModelVersionRef ARCHIVED = new ModelVersionRef(MODEL, 4);
    private static final ModelVersionRef UNGATED = new ModelVersionRef(MODEL, 5);
    private static final ModelVersionRef FAILED_VALIDATION = new ModelVersionRef(MODEL, 6);
    private static final ModelVersionRef TAINTED = new ModelVersionRef(MODEL, 7);
    private static final ModelVersionRef AT_RISK = new ModelVersionRef(MODEL, 8);
    private static final ModelVersionRef OF_DELETED = new ModelVersionRef(ModelName.of("retired-risk"), 1);
    private static final DatasetName APPLICATIONS = DatasetName.of("lending/applications");
    private static final DatasetVersionRef CLEAN_INPUT = new DatasetVersionRef(APPLICATIONS, VersionLabel.of("v3"),
            ContentDigest.of("sha256:" + "a".repeat(64)));
    private static final DatasetVersionRef QUARANTINED_INPUT = new DatasetVersionRef(APPLICATIONS,
            VersionLabel.of("v4"), ContentDigest.of("sha256:" + "b".repeat(64)));
    private static final String POLICY = "builtin-gates/1";

    private AggregateTestFixture<DeploymentAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DeploymentAggregate.class);
        StubLookups lookups = new StubLookups();
        fixture.registerInjectableResource(lookups
                .datasetVersion(CLEAN_INPUT.dataset(), CLEAN_INPUT.version(), CLEAN_INPUT.digest(), false)
                .datasetVersion(QUARANTINED_INPUT.dataset(), QUARANTINED_INPUT.version(), QUARANTINED_INPUT.digest(), true)
                .modelVersion(StubLookups.deployable(V1, CLEAN_INPUT))
                .modelVersion(StubLookups.deployable(V2, CLEAN_INPUT))
                .modelVersion(StubLookups.deployable(V3))
                .modelVersion(new ModelVersionFacts(ARCHIVED, RunId.of("run-4"), true, "carol", false, true,
                        List.of("bob"), List.of()))
                .modelVersion(new ModelVersionFacts(UNGATED, RunId.of("run-5"), false, "carol", true, null,
                        List.of(), List.of(CLEAN_INPUT, QUARANTINED_INPUT)))
                .modelVersion(new ModelVersionFacts(FAILED_VALIDATION, RunId.of("run-6"), false, "carol", false, false,
                        List.of("bob"), List.of()))
                .modelVersion(new ModelVersionFacts(TAINTED, RunId.of("run-7"), false, "carol", false, true,
                        List.of("bob"), List.of(QUARANTINED_INPUT)))
                .modelVersion(StubLookups.deployable(AT_RISK, CLEAN_INPUT))
                .deletedModel(StubLookups.deployable(OF_DELETED, CLEAN_INPUT)));
        StubLineage lineage = new StubLineage()
                .quarantinedUpstream(TAINTED, QUARANTINED_INPUT.key())
                .quarantinedUpstream(AT_RISK, "raw/events@2026-01-14");
        fixture.registerInjectableResource(lineage);
        fixture.registerInjectableResource(StubGovernance.of(lookups, lineage));
        // The decision's rules are the evaluator's (PolicyEvaluatorTest); these tests check what is deployed.
        fixture.registerIgnoredField(ModelVersionDeployed.class, "decision");
        fixture.registerIgnoredField(DeploymentRolledBack.class, "decision");
    }

    private static DeployModelVersion deploy(Environment environment, ModelVersionRef version, Double canaryShare) {
        return new DeployModelVersion(environment, SERVICE, version, canaryShare, "erin");
    }

    private static ModelVersionDeployed deployed(Environment environment, ModelVersionRef version, Double canaryShare,
                                                 ModelVersionRef replaced) {
        return new ModelVersionDeployed(environment, SERVICE, version, canaryShare, replaced, "erin", POLICY);
    }

    private static ModelVersionDeployed primary(ModelVersionRef version, ModelVersionRef replaced) {
        return deployed(STAGING, version, null, replaced);
    }

    @Test
    void the_first_deployment_makes_the_version_primary_under_the_builtin_policy() {
        fixture.givenNoPriorActivity()
                .when(deploy(STAGING, V1, null))
                .expectEvents(primary(V1, null));
    }

    @Test
    void deploying_an_unknown_version_is_not_found() {
        fixture.givenNoPriorActivity()
                .when(deploy(STAGING, new ModelVersionRef(MODEL, 99), null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.version", "no version 99"));
    }

    @Test
    void deploying_a_version_of_an_unknown_model_is_not_found() {
        fixture.givenNoPriorActivity()
                .when(deploy(STAGING, new ModelVersionRef(ModelName.of("nobody"), 1), null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.model", "not registered"));
    }

    @Test
    void deploying_a_version_of_a_deleted_model_is_a_conflict() {
        fixture.givenNoPriorActivity()
                .when(deploy(STAGING, OF_DELETED, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.version", "was deleted"));
    }

    @Test
    void deploying_an_archived_version_is_a_conflict() {
        fixture.givenNoPriorActivity()
                .when(deploy(STAGING, ARCHIVED, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.version", "archived"));
    }

    @Test
    void a_canary_share_of_zero_or_one_or_more_is_a_bad_request() {
        for (double share : new double[] {0, 1, 1.5, -0.1}) {
            fixture.given(primary(V1, null))
                    .when(deploy(STAGING, V2, share))
                    .expectNoEvents()
                    .expectException(custody(ErrorCode.BAD_REQUEST, "input.canaryShare", "strictly between 0 and 1"));
        }
    }

    @Test
    void deploying_the_primary_again_without_canary_is_a_no_op() {
        fixture.given(primary(V1, null))
                .when(deploy(STAGING, V1, null))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void deploying_another_version_without_canary_replaces_the_primary() {
        fixture.given(primary(V1, null))
                .when(deploy(STAGING, V2, null))
                .expectEvents(primary(V2, V1));
    }

    @Test
    void a_canary_serves_beside_the_primary() {
        fixture.given(primary(V1, null))
                .when(deploy(STAGING, V2, 0.1))
                .expectEvents(deployed(STAGING, V2, 0.1, null));
    }

    @Test
    void a_canary_without_a_primary_is_a_conflict() {
        fixture.given(primary(V1, null), new ModelUndeployed(STAGING, SERVICE, List.of(V1), null))
                .when(deploy(STAGING, V2, 0.1))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.canaryShare", "nothing serves as primary"));
    }

    @Test
    void the_primary_as_its_own_canary_is_a_conflict() {
        fixture.given(primary(V1, null))
                .when(deploy(STAGING, V1, 0.1))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.canaryShare", "already the primary"));
    }

    @Test
    void a_second_canary_while_one_is_live_is_a_conflict() {
        fixture.given(primary(V1, null), deployed(STAGING, V2, 0.1, null))
                .when(deploy(STAGING, V3, 0.1))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.version", "canary credit-risk#2 is live"));
    }

    @Test
    void the_same_canary_with_the_same_share_is_a_no_op() {
        fixture.given(primary(V1, null), deployed(STAGING, V2, 0.1, null))
                .when(deploy(STAGING, V2, 0.1))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void the_same_canary_with_another_share_changes_its_share() {
        fixture.given(primary(V1, null), deployed(STAGING, V2, 0.1, null))
                .when(deploy(STAGING, V2, 0.5))
                .expectEvents(deployed(STAGING, V2, 0.5, null));
    }

    @Test
    void deploying_the_canary_without_share_promotes_it_and_replaces_the_primary() {
        fixture.given(primary(V1, null), deployed(STAGING, V2, 0.1, null))
                .when(deploy(STAGING, V2, null))
                .expectEvents(primary(V2, V1));
    }

    @Test
    void deploying_the_primary_again_while_a_canary_is_live_ends_the_canary_and_replaces_nothing() {
        fixture.given(primary(V1, null), deployed(STAGING, V2, 0.1, null))
                .when(deploy(STAGING, V1, null))
                .expectEvents(primary(V1, null));
    }

    @Test
    void a_production_deployment_passing_every_gate_is_recorded() {
        fixture.givenNoPriorActivity()
                .when(deploy(PRODUCTION, V1, null))
                .expectEvents(deployed(PRODUCTION, V1, null, null));
    }

    @Test
    void a_production_deployment_failing_gates_is_forbidden_naming_every_failed_gate() {
        fixture.givenNoPriorActivity()
                .when(deploy(PRODUCTION, UNGATED, null))
                .expectNoEvents()
                .expectException(allOf(
                        custody(ErrorCode.FORBIDDEN, "input.version", "no validation is recorded"),
                        hasProperty("message", containsString("no approval is recorded")),
                        hasProperty("message", containsString("dirty working tree")),
                        hasProperty("message", containsString("lending/applications@v4 is quarantined")),
                        hasProperty("message", containsString(POLICY))));
    }

    @Test
    void a_production_deployment_whose_last_validation_failed_is_forbidden() {
        fixture.givenNoPriorActivity()
                .when(deploy(PRODUCTION, FAILED_VALIDATION, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.FORBIDDEN, "input.version", "the last validation failed"));
    }

    @Test
    void a_production_deployment_trained_on_a_since_quarantined_dataset_version_is_forbidden() {
        fixture.givenNoPriorActivity()
                .when(deploy(PRODUCTION, TAINTED, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.FORBIDDEN, "input.version", "quarantined"));
    }

    @Test
    void a_production_canary_faces_the_gates_too() {
        fixture.given(deployed(PRODUCTION, V1, null, null))
                .when(deploy(PRODUCTION, UNGATED, 0.05))
                .expectNoEvents()
                .expectException(custody(ErrorCode.FORBIDDEN, "input.version", "no approval is recorded"));
    }

    @Test
    void the_gates_do_not_apply_outside_production() {
        fixture.givenNoPriorActivity()
                .when(deploy(STAGING, UNGATED, null))
                .expectEvents(primary(UNGATED, null));
    }

    @Test
    void a_rollback_returns_to_the_primary_before_the_current_one() {
        fixture.given(primary(V1, null), primary(V2, V1))
                .when(new RollBack(STAGING, SERVICE, null, "latency"))
                .expectEvents(new DeploymentRolledBack(STAGING, SERVICE, V2, V1, "latency"));
    }

    @Test
    void rolling_back_twice_walks_back_through_earlier_primaries() {
        fixture.given(primary(V1, null), primary(V2, V1), primary(V3, V2),
                        new DeploymentRolledBack(STAGING, SERVICE, V3, V2, null))
                .when(new RollBack(STAGING, SERVICE, null, null))
                .expectEvents(new DeploymentRolledBack(STAGING, SERVICE, V2, V1, null));
    }

    @Test
    void a_rollback_also_ends_a_live_canary() {
        fixture.given(primary(V1, null), primary(V2, V1), deployed(STAGING, V3, 0.2, null),
                        new DeploymentRolledBack(STAGING, SERVICE, V2, V1, null))
                .when(deploy(STAGING, V3, 0.2))
                .expectEvents(deployed(STAGING, V3, 0.2, null));
    }

    @Test
    void a_rollback_with_no_earlier_primary_is_a_conflict() {
        fixture.given(primary(V1, null))
                .when(new RollBack(STAGING, SERVICE, null, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.toVersion", "nothing to roll back to"));
    }

    @Test
    void a_rollback_when_nothing_is_live_is_a_conflict() {
        fixture.given(primary(V1, null), primary(V2, V1), new ModelUndeployed(STAGING, SERVICE, List.of(V2), null))
                .when(new RollBack(STAGING, SERVICE, null, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.toVersion", "nothing is live"));
    }

    @Test
    void a_rollback_of_an_unknown_deployment_is_not_found() {
        fixture.givenNoPriorActivity()
                .when(new RollBack(STAGING, SERVICE, null, null))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void a_rollback_to_a_named_version_returns_to_it() {
        fixture.given(primary(V1, null), primary(V2, V1), primary(V3, V2))
                .when(new RollBack(STAGING, SERVICE, 1, "bad release"))
                .expectEvents(new DeploymentRolledBack(STAGING, SERVICE, V3, V1, "bad release"));
    }

    @Test
    void after_a_rollback_to_a_named_version_the_next_rollback_goes_further_back() {
        fixture.given(primary(V1, null), primary(V2, V1), primary(V3, V2),
                        new DeploymentRolledBack(STAGING, SERVICE, V3, V2, null),
                        new DeploymentRolledBack(STAGING, SERVICE, V2, V3, null))
                .when(new RollBack(STAGING, SERVICE, null, null))
                .expectEvents(new DeploymentRolledBack(STAGING, SERVICE, V3, V2, null));
    }

    @Test
    void a_rollback_to_a_version_that_never_served_as_primary_is_a_conflict() {
        fixture.given(primary(V1, null), primary(V2, V1))
                .when(new RollBack(STAGING, SERVICE, 3, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.toVersion", "never served as primary"));
    }

    @Test
    void a_rollback_to_an_archived_version_is_a_conflict() {
        fixture.given(deployed(STAGING, ARCHIVED, null, null), primary(V2, ARCHIVED))
                .when(new RollBack(STAGING, SERVICE, null, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.toVersion", "archived"));
    }

    @Test
    void a_rollback_to_the_current_primary_ends_its_canary() {
        fixture.given(primary(V1, null), deployed(STAGING, V2, 0.1, null))
                .when(new RollBack(STAGING, SERVICE, 1, "canary errors"))
                .expectEvents(new DeploymentRolledBack(STAGING, SERVICE, V2, V1, "canary errors"));
    }

    @Test
    void a_rollback_to_the_current_primary_without_canary_is_a_no_op() {
        fixture.given(primary(V1, null), primary(V2, V1))
                .when(new RollBack(STAGING, SERVICE, 2, null))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void undeploy_stops_the_primary_and_the_canary() {
        fixture.given(primary(V1, null), deployed(STAGING, V2, 0.1, null))
                .when(new Undeploy(STAGING, SERVICE, "decommissioned"))
                .expectEvents(new ModelUndeployed(STAGING, SERVICE, List.of(V1, V2), "decommissioned"));
    }

    @Test
    void undeploy_with_nothing_live_is_a_no_op() {
        fixture.given(primary(V1, null), new ModelUndeployed(STAGING, SERVICE, List.of(V1), null))
                .when(new Undeploy(STAGING, SERVICE, "again"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void after_undeploy_and_a_new_deployment_a_rollback_returns_to_the_version_undeployed() {
        fixture.given(primary(V1, null), new ModelUndeployed(STAGING, SERVICE, List.of(V1), null), primary(V2, null))
                .when(new RollBack(STAGING, SERVICE, null, null))
                .expectEvents(new DeploymentRolledBack(STAGING, SERVICE, V2, V1, null));
    }

    @Test
    void a_production_deployment_of_a_version_descending_from_a_quarantined_dataset_version_is_forbidden() {
        fixture.givenNoPriorActivity()
                .when(deploy(PRODUCTION, AT_RISK, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.FORBIDDEN, "input.version",
                        "at risk: it descends from quarantined dataset version raw/events@2026-01-14"));
    }

    @Test
    void a_quarantined_direct_input_is_named_once_not_again_as_an_upstream_risk() {
        fixture.givenNoPriorActivity()
                .when(deploy(PRODUCTION, TAINTED, null))
                .expectNoEvents()
                .expectException(allOf(hasProperty("message", containsString("lending/applications@v4 is quarantined")),
                        hasProperty("message", org.hamcrest.Matchers.not(containsString("at risk")))));
    }

    @Test
    void a_version_at_risk_may_still_go_to_staging() {
        fixture.givenNoPriorActivity()
                .when(deploy(STAGING, AT_RISK, null))
                .expectEvents(primary(AT_RISK, null));
    }

    @Test
    void a_rollback_into_production_to_a_version_failing_the_policy_is_refused_and_the_refusal_carries_the_decision() {
        fixture.given(deployed(PRODUCTION, TAINTED, null, null), deployed(PRODUCTION, V1, null, TAINTED))
                .when(new RollBack(PRODUCTION, SERVICE, null, "latency"))
                .expectNoEvents()
                .expectException(allOf(custody(ErrorCode.FORBIDDEN, "input.toVersion",
                                "rollback of production/credit-api to credit-risk#7 is refused under policy " + POLICY),
                        org.axonframework.test.matchers.Matchers.predicate(e -> e instanceof PolicyRefusedException r
                                && r.refusal().command() == GovernedCommand.ROLL_BACK
                                && Integer.valueOf(7).equals(r.refusal().version())
                                && !r.refusal().decision().allowed())));
    }

    @Test
    void a_rollback_outside_production_is_not_governed() {
        fixture.given(deployed(STAGING, TAINTED, null, null), deployed(STAGING, V1, null, TAINTED))
                .when(new RollBack(STAGING, SERVICE, null, null))
                .expectEvents(new DeploymentRolledBack(STAGING, SERVICE, V1, TAINTED, null));
    }
}
