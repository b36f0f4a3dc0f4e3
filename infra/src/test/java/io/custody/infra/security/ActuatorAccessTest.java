package io.custody.infra.security;

import io.custody.infra.support.IntegrationTest;
import io.custody.values.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes answer anyone and show nothing but their status; the rest of the actuator, health with its
 * details included, is for ADMIN.
 */
class ActuatorAccessTest extends IntegrationTest {

    @Test
    void liveness_and_readiness_answer_an_anonymous_caller_with_their_status_only() {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            anonymousHttp().get().uri(probe).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components").doesNotExist()
                    .jsonPath("$.details").doesNotExist();
        }
    }

    @Test
    void health_with_its_details_is_for_admin_only() {
        anonymousHttp().get().uri("/actuator/health").exchange().expectStatus().isUnauthorized();
        httpWith(bearer("vera", Role.VIEWER)).get().uri("/actuator/health").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.message").value(message -> assertThat((String) message).contains("ADMIN"));
        httpWith(bearer("ada", Role.ADMIN)).get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.eventStore").exists();
    }

    @Test
    void the_projections_endpoint_is_for_admin_only() {
        anonymousHttp().get().uri("/actuator/projections").exchange().expectStatus().isUnauthorized();
        httpWith(bearer("vera", Role.VIEWER)).get().uri("/actuator/projections").exchange().expectStatus()
                .isForbidden();
        httpWith(bearer("ada", Role.ADMIN)).get().uri("/actuator/projections").exchange().expectStatus().isOk();
    }
}
