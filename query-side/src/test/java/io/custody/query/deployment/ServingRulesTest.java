package io.custody.query.deployment;

import io.custody.events.deployment.DeploymentEvent;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.query.deployment.ServingRules.EndReason;
import io.custody.query.deployment.ServingRules.StartReason;
import io.custody.query.deployment.ServingRules.Stint;
import io.custody.query.deployment.ServingRules.Transition;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServingRulesTest {

    static final Environment PROD = Environment.of("production");
    static final ServiceName SCORING = ServiceName.of("scoring");
    static final ModelVersionRef V1 = new ModelVersionRef(ModelName.of("credit-risk"), 1);
    static final ModelVersionRef V2 = new ModelVersionRef(ModelName.of("credit-risk"), 2);
    static final ModelVersionRef V3 = new ModelVersionRef(ModelName.of("credit-risk"), 3);

    static ModelVersionDeployed primary(ModelVersionRef version, ModelVersionRef replaced) {
        return new ModelVersionDeployed(PROD, SCORING, version, null, replaced, "frank", "gates@3");
    }

    static ModelVersionDeployed canary(ModelVersionRef version, double share) {
        return new ModelVersionDeployed(PROD, SCORING, version, share, null, "frank", "gates@3");
    }

    /** Folds events from an empty deployment, each starting its stints at its index. */
    static List<Stint> fold(DeploymentEvent... events) {
        List<Stint> open = List.of();
        for (int i = 0; i < events.length; i++) {
            open = ServingRules.of(open, events[i]).applyTo(open, i);
        }
        return open;
    }

    @Test
    void a_first_deployment_starts_one_primary_stint() {
        Transition t = ServingRules.of(List.of(), primary(V1, null));
        assertThat(t.endings()).isEmpty();
        assertThat(t.starts()).singleElement().satisfies(s -> {
            assertThat(s.version()).isEqualTo(V1);
            assertThat(s.canary()).isFalse();
            assertThat(s.reason()).isEqualTo(StartReason.DEPLOYED);
        });
    }

    @Test
    void a_new_primary_ends_the_replaced_one() {
        List<Stint> open = fold(primary(V1, null));
        Transition t = ServingRules.of(open, primary(V2, V1));
        assertThat(t.endings()).singleElement().satisfies(e -> {
            assertThat(e.stint().version()).isEqualTo(V1);
            assertThat(e.reason()).isEqualTo(EndReason.REPLACED);
            assertThat(e.note()).isEqualTo("by credit-risk#2");
        });
        assertThat(t.applyTo(open, 1)).extracting(Stint::version).containsExactly(V2);
    }

    @Test
    void a_canary_serves_beside_the_primary() {
        List<Stint> open = fold(primary(V1, null), canary(V2, 0.1));
        assertThat(open).extracting(Stint::version, Stint::canary, Stint::share)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(V1, false, null),
                        org.assertj.core.groups.Tuple.tuple(V2, true, 0.1));
    }

    @Test
    void promoting_a_canary_ends_its_canary_stint_and_the_old_primary() {
        List<Stint> open = fold(primary(V1, null), canary(V2, 0.1));
        Transition t = ServingRules.of(open, primary(V2, V1));
        assertThat(t.endings()).extracting(e -> e.stint().version(), ServingRules.Ending::reason)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(V1, EndReason.REPLACED),
                        org.assertj.core.groups.Tuple.tuple(V2, EndReason.PROMOTED));
        assertThat(t.applyTo(open, 2)).singleElement().satisfies(s -> {
            assertThat(s.version()).isEqualTo(V2);
            assertThat(s.canary()).isFalse();
        });
    }

    @Test
    void a_new_primary_ends_any_canary_too() {
        List<Stint> open = fold(primary(V1, null), canary(V2, 0.1));
        Transition t = ServingRules.of(open, primary(V3, V1));
        assertThat(t.endings()).extracting(e -> e.stint().version(), ServingRules.Ending::reason)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(V1, EndReason.REPLACED),
                        org.assertj.core.groups.Tuple.tuple(V2, EndReason.REPLACED));
        assertThat(t.applyTo(open, 2)).extracting(Stint::version).containsExactly(V3);
    }

    @Test
    void deploying_the_primary_again_while_a_canary_serves_ends_only_the_canary() {
        List<Stint> open = fold(primary(V1, null), canary(V2, 0.1));
        Transition t = ServingRules.of(open, primary(V1, null));
        assertThat(t.endings()).singleElement().extracting(e -> e.stint().version()).isEqualTo(V2);
        assertThat(t.starts()).isEmpty();
    }

    @Test
    void a_canary_of_another_version_replaces_the_canary_and_keeps_the_primary() {
        List<Stint> open = fold(primary(V1, null), canary(V2, 0.1));
        Transition t = ServingRules.of(open, canary(V3, 0.2));
        assertThat(t.endings()).singleElement().extracting(e -> e.stint().version()).isEqualTo(V2);
        assertThat(t.applyTo(open, 2)).extracting(Stint::version).containsExactly(V1, V3);
    }

    @Test
    void changing_a_canary_share_ends_the_stint_and_starts_another() {
        List<Stint> open = fold(primary(V1, null), canary(V2, 0.1));
        Transition t = ServingRules.of(open, canary(V2, 0.5));
        assertThat(t.endings()).singleElement().extracting(ServingRules.Ending::reason).isEqualTo(EndReason.RESHARED);
        assertThat(t.starts()).singleElement().extracting(ServingRules.Start::share).isEqualTo(0.5);
    }

    @Test
    void deploying_the_same_primary_again_changes_nothing() {
        Transition t = ServingRules.of(fold(primary(V1, null)), primary(V1, null));
        assertThat(t.endings()).isEmpty();
        assertThat(t.starts()).isEmpty();
    }

    @Test
    void a_rollback_ends_from_and_makes_to_the_primary_again() {
        List<Stint> open = fold(primary(V1, null), primary(V2, V1));
        Transition t = ServingRules.of(open,
                new DeploymentRolledBack(PROD, SCORING, V2, V1, "latency regression"));
        assertThat(t.endings()).singleElement().satisfies(e -> {
            assertThat(e.stint().version()).isEqualTo(V2);
            assertThat(e.reason()).isEqualTo(EndReason.ROLLED_BACK);
            assertThat(e.note()).isEqualTo("latency regression");
        });
        assertThat(t.starts()).singleElement().satisfies(s -> {
            assertThat(s.version()).isEqualTo(V1);
            assertThat(s.reason()).isEqualTo(StartReason.ROLLBACK);
        });
    }

    @Test
    void a_rollback_ends_any_canary_too() {
        List<Stint> open = fold(primary(V1, null), primary(V2, V1), canary(V3, 0.1));
        Transition t = ServingRules.of(open, new DeploymentRolledBack(PROD, SCORING, V2, V1, "errors"));
        assertThat(t.endings()).extracting(e -> e.stint().version()).containsExactlyInAnyOrder(V2, V3);
        assertThat(t.applyTo(open, 3)).extracting(Stint::version).containsExactly(V1);
    }

    @Test
    void rolling_back_a_canary_keeps_the_primary_stint_open() {
        List<Stint> open = fold(primary(V1, null), canary(V3, 0.05));
        Transition t = ServingRules.of(open, new DeploymentRolledBack(PROD, SCORING, V3, V1, "errors"));
        assertThat(t.endings()).singleElement().extracting(e -> e.stint().version()).isEqualTo(V3);
        assertThat(t.starts()).isEmpty();
    }

    @Test
    void an_undeploy_ends_every_stint() {
        List<Stint> open = fold(primary(V1, null), canary(V2, 0.1));
        Transition t = ServingRules.of(open, new ModelUndeployed(PROD, SCORING, List.of(V1, V2), "retired"));
        assertThat(t.endings()).extracting(ServingRules.Ending::reason)
                .containsExactly(EndReason.UNDEPLOYED, EndReason.UNDEPLOYED);
        assertThat(t.applyTo(open, 2)).isEmpty();
    }

    @Test
    void an_undeploy_listing_nothing_ends_everything() {
        List<Stint> open = fold(primary(V1, null), canary(V2, 0.1));
        Transition t = ServingRules.of(open, new ModelUndeployed(PROD, SCORING, List.of(), "service retired"));
        assertThat(t.endings()).hasSize(2).allSatisfy(e -> assertThat(e.reason()).isEqualTo(EndReason.UNDEPLOYED));
        assertThat(t.applyTo(open, 2)).isEmpty();
    }
}
