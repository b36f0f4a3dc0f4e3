package io.custody.query.monitoring;

import io.custody.errors.CustodyException;
import io.custody.payloads.AlertPayload;
import io.custody.payloads.MonitorPayload;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import io.custody.values.Environment;
import io.custody.values.MonitorThreshold;
import io.custody.values.ServiceName;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The read side of monitoring: monitors, their windows' statistics over time, and alerts. */
@Controller
class MonitoringQueries {

    private static final Set<String> STATES = Set.of("OPEN", "ACKNOWLEDGED", "RESOLVED");

    private final MonitoringRepository monitoring;
    private final AlertFeed feed;

    MonitoringQueries(MonitoringRepository monitoring, AlertFeed feed) {
        this.monitoring = monitoring;
        this.feed = feed;
    }

    @QueryMapping
    MonitorView monitor(@Argument String environment, @Argument String service, @Argument OffsetDateTime asOf) {
        return monitoring.monitor(new Environment(environment).value(), new ServiceName(service).value(),
                asOf == null ? null : asOf.toInstant()).orElse(null);
    }

    @QueryMapping
    List<MonitorView> monitors() {
        return monitoring.monitors();
    }

    @SchemaMapping(typeName = "Monitor")
    Connection<WindowView> windows(MonitorView monitor, @Argument Integer first, @Argument String after) {
        int size = Cursors.pageSize(first);
        String cursor = Cursors.decode(after);
        Instant before = cursor == null ? null : Cursors.parse(cursor, Instant::parse);
        return Connection.fromOverfetch(monitoring.windows(monitor, before, size + 1), size, w -> w.start().toString(),
                null);
    }

    @SchemaMapping(typeName = "Monitor")
    String window(MonitorView monitor) {
        return monitor.settings().window().toString();
    }

    @SchemaMapping(typeName = "Monitor")
    List<String> features(MonitorView monitor) {
        return monitor.settings().features();
    }

    @SchemaMapping(typeName = "Monitor")
    Map<String, Object> baseline(MonitorView monitor) {
        var b = monitor.settings().baseline();
        java.util.Map<String, Object> out = new java.util.HashMap<>();
        out.put("dataset", b.dataset() == null ? null : b.dataset().value());
        out.put("version", b.version() == null ? null : b.version().value());
        out.put("referenceFrom", b.referenceFrom());
        out.put("referenceTo", b.referenceTo());
        return out;
    }

    @SchemaMapping(typeName = "Monitor")
    List<MonitorThreshold> thresholds(MonitorView monitor) {
        return monitor.settings().thresholds();
    }

    @SchemaMapping(typeName = "Monitor")
    String performanceTask(MonitorView monitor) {
        return monitor.settings().performance() == null ? null : monitor.settings().performance().task().name();
    }

    @QueryMapping
    Connection<AlertView> alerts(@Argument String state, @Argument String environment, @Argument Integer first,
                                 @Argument String after) {
        if (state != null && !STATES.contains(state)) {
            throw CustodyException.badRequest("state", "must be OPEN, ACKNOWLEDGED or RESOLVED");
        }
        String env = environment == null ? null : new Environment(environment).value();
        int size = Cursors.pageSize(first);
        String cursor = Cursors.decode(after);
        Long before = cursor == null ? null : Cursors.parse(cursor, Long::parseLong);
        return Connection.fromOverfetch(monitoring.alerts(state, env, before, size + 1), size,
                a -> Long.toString(a.position()), null);
    }

    @QueryMapping
    AlertView alert(@Argument String alert) {
        return monitoring.alert(alert).orElse(null);
    }

    @SubscriptionMapping
    Flux<AlertView> alerts(@Argument String environment) {
        return environment == null ? feed.alerts() : feed.alerts().filter(a -> a.environment().equals(environment));
    }

    @SchemaMapping(typeName = "MonitorPayload")
    MonitorView monitor(MonitorPayload payload) {
        return monitoring.monitor(payload.environment().value(), payload.service().value(), null).orElse(null);
    }

    @SchemaMapping(typeName = "AlertPayload")
    AlertView alert(AlertPayload payload) {
        return monitoring.alert(payload.alertId().value()).orElse(null);
    }
}
