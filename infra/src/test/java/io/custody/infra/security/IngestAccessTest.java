package io.custody.infra.security;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle ingest's question about one command, answered for the request's caller. */
class IngestAccessTest {

    private static final Map<String, Object> TO_PRODUCTION = Map.of("environment", "production", "service", "scoring");

    private final AccessRules rules = new AccessRules();

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void with_security_off_every_command_is_allowed() {
        assertThat(new IngestAccess(rules, false).refusal("DeployModelVersion", TO_PRODUCTION)).isEmpty();
    }

    @Test
    void with_security_on_the_callers_roles_decide() {
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("pipeline", null, "ROLE_INGEST"));

        assertThat(new IngestAccess(rules, true).refusal("DeployModelVersion", TO_PRODUCTION))
                .hasValue("deployModelVersion in production needs role DEPLOYER or ADMIN");
    }

    @Test
    void with_security_on_a_caller_nobody_authenticated_is_refused() {
        assertThat(new IngestAccess(rules, true).refusal("RegisterDataset", Map.of())).isPresent();
    }
}
