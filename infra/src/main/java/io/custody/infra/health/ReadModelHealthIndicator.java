package io.custody.infra.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** UP when the read-model tables answer. */
@Component("readModel")
class ReadModelHealthIndicator implements HealthIndicator {

    private final JdbcTemplate jdbc;

    ReadModelHealthIndicator(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        Integer datasets = jdbc.queryForObject("SELECT count(*) FROM (SELECT 1 FROM rm_dataset LIMIT 1) t", Integer.class);
        return Health.up().withDetail("reachable", true).withDetail("empty", datasets == null || datasets == 0).build();
    }
}
