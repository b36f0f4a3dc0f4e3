package io.custody.command.policy;

import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.policy.DefaultPolicy;
import io.custody.values.RiskTier;
import io.custody.values.Role;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyParserTest {

    private static final Path DOCS = Path.of("..", "docs", "policies");

    @Test
    void the_shipped_default_is_the_document_in_the_docs() throws IOException {
        assertThat(DefaultPolicy.document()).isEqualTo(Files.readString(DOCS.resolve("default.yaml")));
    }

    @Test
    void the_shipped_default_is_todays_builtin_gates() {
        Policy.Gates production = PolicyParser.parse(DefaultPolicy.document()).deployment().get("production");
        assertThat(production.lastValidationPassed()).isTrue();
        assertThat(production.approvals()).containsExactly(new Policy.ApprovalRequirement(1, null, null));
        assertThat(production.separation().approverNotTrainer()).isTrue();
        assertThat(production.cleanCommit()).isTrue();
        assertThat(production.noQuarantinedInputs()).isTrue();
    }

    @Test
    void the_lending_sample_reads_every_rule() throws IOException {
        Policy policy = PolicyParser.parse(Files.readString(DOCS.resolve("lending.yaml")));
        assertThat(policy.dataUse().get("lending").forbiddenTags()).containsExactly("pii-raw");
        assertThat(policy.dataUse().get("lending").allowedNamespaces()).containsExactly("lending", "warehouse");
        Policy.Gates production = policy.deployment().get("production");
        assertThat(production.metrics()).extracting(Policy.MetricThreshold::text)
                .containsExactly("auc >= 0.8", "ks >= 0.3", "psi < 0.25");
        assertThat(production.riskTierApprovals().get(RiskTier.HIGH))
                .containsExactly(new Policy.ApprovalRequirement(2, "risk-officer", Role.APPROVER));
        assertThat(production.separation()).isEqualTo(new Policy.SeparationOfDuties(true, true, true));
        assertThat(production.deployers().roles()).containsExactly(Role.DEPLOYER);
        assertThat(production.freezeWindows()).containsExactly(new Policy.FreezeWindow(DayOfWeek.FRIDAY,
                java.time.LocalTime.of(16, 0), DayOfWeek.MONDAY, java.time.LocalTime.of(8, 0),
                ZoneId.of("America/New_York")));
    }

    @Test
    void an_unknown_field_is_a_bad_request_naming_the_line_and_the_path() {
        refused("""
                deployment:
                  production:
                    approvals:
                      - count: 2
                        rol: risk-officer
                """, "line 5, deployment.production.approvals[0].rol: unknown field");
    }

    @Test
    void an_unknown_rule_is_a_bad_request() {
        refused("""
                deployment:
                  production:
                    fourEyes: true
                """, "line 3, deployment.production.fourEyes: unknown field");
    }

    @Test
    void malformed_yaml_is_a_bad_request_naming_the_line() {
        refused("deployment:\n  production: [\n", "line 3");
    }

    @Test
    void a_malformed_threshold_is_a_bad_request() {
        refused("""
                deployment:
                  production:
                    validation:
                      metrics: ["auc is high"]
                """, "line 4, deployment.production.validation.metrics[0]");
    }

    @Test
    void an_unknown_role_time_zone_or_day_is_a_bad_request() {
        refused("deployment:\n  production:\n    deployers: {roles: [KING]}\n", "deployment.production.deployers.roles[0]");
        refused("deployment:\n  production:\n    freezeWindows: [{from: FRIDAY 16:00, to: MONDAY 08:00, zone: Mars/Base}]\n",
                "freezeWindows[0].zone: is not a time zone");
        refused("deployment:\n  production:\n    freezeWindows: [{from: FUNDAY 16:00, to: MONDAY 08:00, zone: UTC}]\n",
                "freezeWindows[0].from");
    }

    @Test
    void a_flag_must_be_true_or_false_and_a_count_positive() {
        refused("deployment:\n  production:\n    cleanCommit: yes please\n", "cleanCommit: must be true or false");
        refused("deployment:\n  production:\n    approvals: [{count: 0}]\n", "approvals[0].count: must be 1 or more");
    }

    @Test
    void an_empty_document_is_a_bad_request() {
        refused("  ", "is empty");
    }

    private static void refused(String document, String message) {
        assertThatThrownBy(() -> PolicyParser.parse(document)).isInstanceOfSatisfying(CustodyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.field()).isEqualTo("input.document");
            assertThat(e.getMessage()).contains(message);
        });
    }
}
