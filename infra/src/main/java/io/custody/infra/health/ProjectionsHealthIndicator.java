package io.custody.infra.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Shows each projection's position and lag in the health report; DOWN if one is stuck on an error. */
@Component("projections")
class ProjectionsHealthIndicator implements HealthIndicator {

    private final ProjectionsEndpoint projections;

    ProjectionsHealthIndicator(ProjectionsEndpoint projections) {
        this.projections = projections;
    }

    @Override
    public Health health() {
        ProjectionsEndpoint.Projections status = projections.projections();
        boolean failing = status.projections().stream()
                .anyMatch(p -> p.segments().stream().anyMatch(s -> s.error() != null));
        Health.Builder builder = failing ? Health.down() : Health.up();
        builder.withDetail("head", status.head());
        status.projections().forEach(p -> builder.withDetail(p.name(), java.util.Map.of(
                "position", p.position(), "lag", p.lag())));
        return builder.build();
    }
}
