package io.custody.infra.health;

import io.custody.infra.deadletter.DeadLetters;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The dead letters per read model, in the readiness group (as {@code deadLetters}: Boot drops the bean name's
 * {@code HealthIndicator}). Always UP: a poison event has been set aside and the
 * read model goes on, so the instance should keep its traffic; the count tells the operator to look.
 */
@Component
class DeadLettersHealthIndicator implements HealthIndicator {

    private final DeadLetters deadLetters;

    DeadLettersHealthIndicator(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public Health health() {
        Map<String, Long> counts = deadLetters.counts();
        return Health.up().withDetail("total", counts.values().stream().mapToLong(Long::longValue).sum())
                .withDetails(counts).build();
    }
}
