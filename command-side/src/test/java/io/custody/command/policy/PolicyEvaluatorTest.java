package io.custody.command.policy;

import io.custody.command.policy.GovernanceFacts.Approval;
import io.custody.command.policy.GovernanceFacts.UpstreamDataset;
import io.custody.values.DecisionOutcome;
import io.custody.values.Environment;
import io.custody.values.GovernedCommand;
import io.custody.values.RiskTier;
import io.custody.values.Role;
import io.custody.values.RuleOutcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per rule, allowed and refused; each answer names every rule evaluated. */
class PolicyEvaluatorTest {

    private static final Environment PRODUCTION = Environment.of("production");
    /** A Wednesday noon, outside any weekend freeze. */
    private static final Instant WEDNESDAY = Instant.parse("2026-03-04T12:00:00Z");
    private static final UpstreamDataset CLEAN = new UpstreamDataset("lending/applications@v3", "lending",
            Set.of("pii"), false, true, true);

    private static GovernanceFacts facts(List<Approval> approvals, List<UpstreamDataset> upstream) {
        return new GovernanceFacts("lending", RiskTier.HIGH, List.of("carol"), false, true,
                Map.of("auc", 0.83, "ks", 0.2), approvals, upstream);
    }

    private static GovernanceFacts approvedBy(String... approvers) {
        return facts(java.util.Arrays.stream(approvers).map(a -> new Approval(a, "risk-officer", Set.of(Role.APPROVER)))
                .toList(), List.of(CLEAN));
    }

    private static Attempt deploy(String deployer, Role... roles) {
        return new Attempt(GovernedCommand.DEPLOY_MODEL_VERSION, PRODUCTION, List.of(deployer), Set.of(roles), WEDNESDAY);
    }

    private static RuleOutcome only(String document, GovernanceFacts facts, Attempt attempt) {
        List<RuleOutcome> rules = PolicyEvaluator.evaluate(PolicyParser.parse(document), facts, attempt);
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    private static void allowed(RuleOutcome rule, String reason) {
        assertThat(rule.outcome()).as(rule.reason()).isEqualTo(DecisionOutcome.ALLOWED);
        assertThat(rule.reason()).contains(reason);
    }

    private static void refused(RuleOutcome rule, String reason) {
        assertThat(rule.outcome()).as(rule.reason()).isEqualTo(DecisionOutcome.REFUSED);
        assertThat(rule.reason()).contains(reason);
    }

    @Test
    void forbidden_tags_refuse_a_tagged_dataset_upstream_and_allow_a_clean_one() {
        String policy = "dataUse:\n  lending:\n    forbiddenTags: [pii-raw]\n";
        allowed(only(policy, approvedBy(), deploy("erin")), "none of the 1 dataset versions");
        UpstreamDataset raw = new UpstreamDataset("raw/people@v1", "raw", Set.of("pii-raw"), false, true, false);
        refused(only(policy, facts(List.of(), List.of(CLEAN, raw)), deploy("erin")),
                "raw/people@v1 (upstream through lineage) is tagged pii-raw");
    }

    @Test
    void data_use_rules_apply_only_to_their_domain() {
        UpstreamDataset raw = new UpstreamDataset("raw/people@v1", "raw", Set.of("pii-raw"), false, true, true);
        GovernanceFacts marketing = new GovernanceFacts("marketing", RiskTier.LOW, List.of(), false, true, Map.of(),
                List.of(), List.of(raw));
        assertThat(PolicyEvaluator.evaluate(PolicyParser.parse("dataUse:\n  lending:\n    forbiddenTags: [pii-raw]\n"),
                marketing, deploy("erin"))).isEmpty();
    }

    @Test
    void allowed_namespaces_refuse_data_from_elsewhere() {
        String policy = "dataUse:\n  lending:\n    allowedNamespaces: [lending]\n";
        allowed(only(policy, approvedBy(), deploy("erin")), "allowed namespace");
        UpstreamDataset other = new UpstreamDataset("s3://bucket/x@v1", "s3://bucket", Set.of(), false, true, false);
        refused(only(policy, facts(List.of(), List.of(CLEAN, other)), deploy("erin")), "is in namespace s3://bucket");
    }

    @Test
    void the_last_validation_must_have_passed() {
        String policy = "deployment:\n  production:\n    validation: {lastPassed: true}\n";
        allowed(only(policy, approvedBy(), deploy("erin")), "passed");
        GovernanceFacts failed = new GovernanceFacts("lending", RiskTier.LOW, List.of(), false, false, Map.of(),
                List.of(), List.of());
        refused(only(policy, failed, deploy("erin")), "the last validation failed");
    }

    @Test
    void a_metric_threshold_reads_the_last_validation() {
        allowed(only("deployment:\n  production:\n    validation: {metrics: ['auc >= 0.80']}\n", approvedBy(),
                deploy("erin")), "auc is 0.83");
        refused(only("deployment:\n  production:\n    validation: {metrics: ['ks >= 0.30']}\n", approvedBy(),
                deploy("erin")), "ks is 0.2 in the last validation");
        refused(only("deployment:\n  production:\n    validation: {metrics: ['gini > 0.5']}\n", approvedBy(),
                deploy("erin")), "recorded no metric gini");
    }

    @Test
    void required_approvals_count_by_stated_role_and_held_role() {
        String policy = "deployment:\n  production:\n    approvals: [{count: 2, role: risk-officer, heldRole: APPROVER}]\n";
        allowed(only(policy, approvedBy("bob", "dave"), deploy("erin")), "has 2 of 2 approvals");
        refused(only(policy, approvedBy("bob"), deploy("erin")), "has 1 of 2 approvals as risk-officer by a holder of "
                + "APPROVER: 1 missing");
        GovernanceFacts unheld = facts(List.of(new Approval("bob", "risk-officer", Set.of()),
                new Approval("dave", "risk-officer", Set.of())), List.of());
        refused(only(policy, unheld, deploy("erin")), "has 0 of 2");
    }

    @Test
    void extra_approvals_apply_to_their_risk_tier_only() {
        String policy = "deployment:\n  production:\n    riskTiers:\n      HIGH: {approvals: [{count: 2}]}\n"
                + "      LOW: {approvals: [{count: 5}]}\n";
        RuleOutcome rule = only(policy, approvedBy("bob"), deploy("erin"));
        assertThat(rule.rule()).isEqualTo("deployment.production.riskTiers.HIGH.approvals[0]");
        refused(rule, "1 missing");
        allowed(only(policy, approvedBy("bob", "dave"), deploy("erin")), "has 2 of 2");
    }

    @Test
    void an_approver_who_trained_it_is_refused_and_not_counted() {
        String policy = "deployment:\n  production:\n    approvals: [{count: 1}]\n"
                + "    separationOfDuties: {approverNotTrainer: true}\n";
        List<RuleOutcome> rules = PolicyEvaluator.evaluate(PolicyParser.parse(policy), approvedBy("Carol"),
                deploy("erin"));
        refused(rules.get(0), "has 0 of 1 approval");
        refused(rules.get(1), "Carol trained it and approved it");
        assertThat(PolicyEvaluator.evaluate(PolicyParser.parse(policy), approvedBy("bob"), deploy("erin")))
                .allMatch(r -> r.outcome() == DecisionOutcome.ALLOWED);
    }

    @Test
    void the_deployer_may_be_neither_an_approver_nor_the_trainer_when_switched_on() {
        String policy = "deployment:\n  production:\n    separationOfDuties: {deployerNotApprover: true, "
                + "deployerNotTrainer: true}\n";
        List<RuleOutcome> byApprover = PolicyEvaluator.evaluate(PolicyParser.parse(policy), approvedBy("bob"),
                deploy("bob"));
        refused(byApprover.get(0), "bob approved it and may not also deploy it");
        allowed(byApprover.get(1), "did not train");
        refused(PolicyEvaluator.evaluate(PolicyParser.parse(policy), approvedBy("bob"), deploy("carol")).get(1),
                "carol trained it");
        assertThat(PolicyEvaluator.evaluate(PolicyParser.parse("deployment:\n  production:\n    separationOfDuties: "
                + "{deployerNotApprover: false}\n"), approvedBy("bob"), deploy("bob"))).isEmpty();
    }

    @Test
    void a_dirty_commit_is_refused() {
        String policy = "deployment:\n  production:\n    cleanCommit: true\n";
        allowed(only(policy, approvedBy(), deploy("erin")), "clean");
        GovernanceFacts dirty = new GovernanceFacts("lending", RiskTier.LOW, List.of(), true, true, Map.of(),
                List.of(), List.of());
        refused(only(policy, dirty, deploy("erin")), "dirty working tree");
    }

    @Test
    void quarantined_inputs_and_at_risk_upstream_are_refused() {
        String policy = "deployment:\n  production:\n    noQuarantinedInputs: true\n";
        allowed(only(policy, approvedBy(), deploy("erin")), "nothing it descends from is quarantined");
        UpstreamDataset input = new UpstreamDataset("lending/applications@v4", "lending", Set.of(), true, true, true);
        UpstreamDataset upstream = new UpstreamDataset("raw/events@1", "raw", Set.of(), true, true, false);
        RuleOutcome rule = only(policy, facts(List.of(), List.of(input, upstream)), deploy("erin"));
        refused(rule, "input dataset version lending/applications@v4 is quarantined");
        refused(rule, "at risk: it descends from quarantined dataset version raw/events@1");
    }

    @Test
    void deployers_by_role_or_by_name() {
        String policy = "deployment:\n  production:\n    deployers: {roles: [DEPLOYER], actors: [release-bot]}\n";
        allowed(only(policy, approvedBy(), deploy("erin", Role.DEPLOYER)), "holds DEPLOYER");
        allowed(only(policy, approvedBy(), deploy("release-bot")), "is named");
        refused(only(policy, approvedBy(), deploy("mallory", Role.DATA_SCIENTIST)),
                "mallory (roles DATA_SCIENTIST) may not deploy to production");
    }

    @Test
    void a_freeze_window_refuses_inside_it_in_its_time_zone() {
        String policy = "deployment:\n  production:\n    freezeWindows: [{from: FRIDAY 16:00, to: MONDAY 08:00, "
                + "zone: Europe/Berlin}]\n";
        allowed(only(policy, approvedBy(), deploy("erin")), "outside the freeze window");
        Instant fridayEvening = Instant.parse("2026-03-06T16:30:00Z"); // 17:30 in Berlin
        Instant mondayEarly = Instant.parse("2026-03-09T06:30:00Z"); // 07:30 in Berlin
        Instant mondayLater = Instant.parse("2026-03-09T07:30:00Z"); // 08:30 in Berlin
        refused(only(policy, approvedBy(), at(fridayEvening)), "FRIDAY 17:30 Europe/Berlin, inside the freeze window");
        refused(only(policy, approvedBy(), at(mondayEarly)), "inside");
        allowed(only(policy, approvedBy(), at(mondayLater)), "outside");
    }

    @Test
    void gates_apply_to_their_environment_and_not_to_a_registration() {
        String policy = "deployment:\n  production:\n    cleanCommit: true\n";
        Attempt staging = new Attempt(GovernedCommand.DEPLOY_MODEL_VERSION, Environment.of("staging"), List.of("erin"),
                Set.of(), WEDNESDAY);
        assertThat(PolicyEvaluator.evaluate(PolicyParser.parse(policy), approvedBy(), staging)).isEmpty();
        Attempt registration = new Attempt(GovernedCommand.REGISTER_MODEL_VERSION, null, List.of("carol"), Set.of(),
                WEDNESDAY);
        assertThat(PolicyEvaluator.evaluate(PolicyParser.parse(policy), approvedBy(), registration)).isEmpty();
    }

    @Test
    void every_failed_rule_is_named_not_just_the_first() {
        String policy = """
                deployment:
                  production:
                    validation: {lastPassed: true, metrics: ["auc >= 0.9"]}
                    approvals: [{count: 2, role: risk-officer}]
                    cleanCommit: true
                """;
        List<RuleOutcome> rules = PolicyEvaluator.evaluate(PolicyParser.parse(policy), approvedBy(), deploy("erin"));
        assertThat(rules).extracting(RuleOutcome::outcome).containsExactly(DecisionOutcome.ALLOWED,
                DecisionOutcome.REFUSED, DecisionOutcome.REFUSED, DecisionOutcome.ALLOWED);
        assertThat(PolicyEvaluator.failures(rules)).contains("auc is 0.83").contains("2 missing");
    }

    private static Attempt at(Instant instant) {
        return new Attempt(GovernedCommand.DEPLOY_MODEL_VERSION, PRODUCTION, List.of("erin"), Set.of(), instant);
    }
}
