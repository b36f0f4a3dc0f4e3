package io.custody.query.deployment;

import io.custody.query.deployment.ServingRules.Stint;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentSearchProjectionTest {

    static final ModelVersionRef V2 = new ModelVersionRef(ModelName.of("credit-risk"), 2);
    static final ModelVersionRef V3 = new ModelVersionRef(ModelName.of("credit-risk"), 3);

    @Test
    void the_title_names_the_primary_and_the_canary_with_its_share_in_percent() {
        assertThat(DeploymentSearchProjection.title("production/scoring", Optional.of(new Stint(V2, false, null, 1)),
                List.of(new Stint(V3, true, 0.1, 2))))
                .isEqualTo("production/scoring serving credit-risk#2, canary credit-risk#3 at 10%");
        assertThat(DeploymentSearchProjection.title("production/scoring", Optional.of(new Stint(V2, false, null, 1)),
                List.of(new Stint(V3, true, 0.125, 2))))
                .isEqualTo("production/scoring serving credit-risk#2, canary credit-risk#3 at 12.5%");
    }

    @Test
    void the_title_says_when_nothing_serves() {
        assertThat(DeploymentSearchProjection.title("production/scoring", Optional.empty(), List.of()))
                .isEqualTo("production/scoring (not serving)");
    }
}
