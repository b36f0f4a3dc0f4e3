package io.custody.infra.health;

import io.custody.infra.store.AxonStorePositions;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP when the event table answers; reports the head of the log. */
@Component("eventStore")
class EventStoreHealthIndicator implements HealthIndicator {

    private final AxonStorePositions positions;

    EventStoreHealthIndicator(AxonStorePositions positions) {
        this.positions = positions;
    }

    @Override
    public Health health() {
        return Health.up().withDetail("head", positions.globalHead()).build();
    }
}
