package io.custody.infra.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** UP when the event table answers; reports the head of the log. */
@Component("eventStore")
class EventStoreHealthIndicator implements HealthIndicator {

    private final JdbcTemplate jdbc;

    EventStoreHealthIndicator(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return Health.up().withDetail("head", head == null ? -1 : head).build();
    }
}
