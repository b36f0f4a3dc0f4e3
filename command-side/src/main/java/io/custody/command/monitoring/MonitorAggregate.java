package io.custody.command.monitoring;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamLocks;
import io.custody.command.api.StreamTargetResolver;
import io.custody.command.lookup.CommandLookups;
import io.custody.commands.monitoring.AcknowledgeAlert;
import io.custody.commands.monitoring.ChangeMonitor;
import io.custody.commands.monitoring.CreateMonitor;
import io.custody.commands.monitoring.EvaluateMonitorWindow;
import io.custody.commands.monitoring.PauseMonitor;
import io.custody.commands.monitoring.ResolveAlert;
import io.custody.errors.CustodyException;
import io.custody.events.monitoring.AlertAcknowledged;
import io.custody.events.monitoring.AlertResolved;
import io.custody.events.monitoring.DriftDetected;
import io.custody.events.monitoring.MonitorChanged;
import io.custody.events.monitoring.MonitorCreated;
import io.custody.events.monitoring.MonitorPaused;
import io.custody.events.monitoring.MonitorRecovered;
import io.custody.events.monitoring.PerformanceDegraded;
import io.custody.meta.Streams;
import io.custody.monitoring.MonitorSettings;
import io.custody.values.AlertId;
import io.custody.values.Environment;
import io.custody.values.ServiceName;
import io.custody.values.Statistic;
import io.custody.values.WindowStatistic;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A deployment's monitor and its alerts. Alerts live in the monitor's stream because the rule that matters,
 * "one open alert per feature and statistic until it recovers", needs the open ones in one place.
 */
@Aggregate(type = "Monitor", cache = AggregateCache.BEAN, lockFactory = StreamLocks.BEAN,
        commandTargetResolver = StreamTargetResolver.BEAN)
class MonitorAggregate {

    enum AlertState { OPEN, ACKNOWLEDGED, RESOLVED }

    private record Condition(String feature, Statistic statistic) {
    }

    @AggregateIdentifier
    private String streamId;
    private Environment environment;
    private ServiceName service;
    private boolean created;
    private boolean paused;
    private MonitorSettings settings;
    private Instant lastWindow;
    private int alerts;
    private final Map<AlertId, AlertState> states = new HashMap<>();
    /** The alert each breached condition opened, until it recovers or is resolved. */
    private final Map<Condition, AlertId> open = new HashMap<>();

    MonitorAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(CreateMonitor c, CommandLookups lookups) {
        if (created) {
            throw CustodyException.conflict("input.service", "a monitor of " + c.environment() + "/" + c.service()
                    + " exists: change it with changeMonitor");
        }
        MonitorRules.requireSettings(c.environment(), c.service(), c.features(), c.baseline(), c.window(),
                c.thresholds(), c.performance(), lookups);
        apply(new MonitorCreated(c.environment(), c.service(), c.features(), c.baseline(), c.window(), c.thresholds(),
                c.performance()));
        return true;
    }

    @CommandHandler
    boolean handle(ChangeMonitor c, CommandLookups lookups) {
        requireCreated(c.environment(), c.service());
        MonitorRules.requireSettings(c.environment(), c.service(), c.features(), c.baseline(), c.window(),
                c.thresholds(), c.performance(), lookups);
        MonitorChanged event = new MonitorChanged(c.environment(), c.service(), c.features(), c.baseline(),
                c.window(), c.thresholds(), c.performance());
        MonitorSettings next = new MonitorSettings(event.features(), event.baseline(), event.window(),
                event.thresholds(), event.performance());
        if (next.equals(settings) && !paused) {
            return false;
        }
        apply(event);
        return true;
    }

    @CommandHandler
    boolean handle(PauseMonitor c) {
        requireCreated(c.environment(), c.service());
        if (paused) {
            return false;
        }
        apply(new MonitorPaused(c.environment(), c.service(), MonitorRules.comment(c.reason())));
        return true;
    }

    /**
     * Opens an alert for each breached condition without an open one, and recovers each open one the window is
     * within bounds on. A window at or before the last judged one is a repeat and changes nothing.
     */
    @CommandHandler
    boolean handle(EvaluateMonitorWindow c) {
        requireCreated(c.environment(), c.service());
        if (paused || (lastWindow != null && !c.windowStart().isAfter(lastWindow))) {
            return false;
        }
        boolean changed = false;
        for (WindowStatistic s : c.statistics()) {
            Double threshold = settings.threshold(s.feature(), s.statistic());
            if (threshold == null || !settings.judges(s.feature())) {
                continue;
            }
            Condition condition = new Condition(s.feature(), s.statistic());
            boolean breached = MonitorSettings.breached(s.statistic(), s.value(), threshold, s.reference());
            AlertId opened = open.get(condition);
            if (breached && opened == null) {
                AlertId alert = AlertId.of(environment, service, alerts + 1);
                if (s.statistic().drift()) {
                    apply(new DriftDetected(environment, service, alert, s.feature(), s.statistic(), s.value(),
                            threshold, c.windowStart(), c.windowEnd()));
                } else {
                    apply(new PerformanceDegraded(environment, service, alert, s.feature(), s.statistic(), s.value(),
                            threshold, s.reference(), c.modelVersion(), c.windowStart(), c.windowEnd()));
                }
                changed = true;
            } else if (!breached && opened != null && (s.statistic().drift() || s.reference() != null)) {
                apply(new MonitorRecovered(environment, service, opened, s.feature(), s.statistic(), s.value(),
                        threshold, c.windowStart(), c.windowEnd()));
                changed = true;
            }
        }
        return changed;
    }

    @CommandHandler
    boolean handle(AcknowledgeAlert c) {
        AlertState state = requireAlert(c.alert());
        if (state == AlertState.ACKNOWLEDGED) {
            return false;
        }
        if (state == AlertState.RESOLVED) {
            throw CustodyException.conflict("input.alert", "alert " + c.alert() + " is resolved: only an open alert can be acknowledged");
        }
        apply(new AlertAcknowledged(environment, service, c.alert(), MonitorRules.comment(c.comment())));
        return true;
    }

    @CommandHandler
    boolean handle(ResolveAlert c) {
        if (requireAlert(c.alert()) == AlertState.RESOLVED) {
            return false;
        }
        apply(new AlertResolved(environment, service, c.alert(), MonitorRules.comment(c.comment())));
        return true;
    }

    private void requireCreated(Environment env, ServiceName svc) {
        if (!created) {
            throw CustodyException.notFound("input.service", "no monitor of " + env + "/" + svc);
        }
    }

    private AlertState requireAlert(AlertId alert) {
        AlertState state = created ? states.get(alert) : null;
        if (state == null) {
            throw CustodyException.notFound("input.alert", "no alert " + alert);
        }
        return state;
    }

    @EventSourcingHandler
    void on(MonitorCreated e) {
        streamId = Streams.monitor(e.environment(), e.service());
        environment = e.environment();
        service = e.service();
        created = true;
        settings = new MonitorSettings(e.features(), e.baseline(), e.window(), e.thresholds(), e.performance());
    }

    @EventSourcingHandler
    void on(MonitorChanged e) {
        paused = false;
        settings = new MonitorSettings(e.features(), e.baseline(), e.window(), e.thresholds(), e.performance());
    }

    @EventSourcingHandler
    void on(MonitorPaused e) {
        paused = true;
    }

    @EventSourcingHandler
    void on(DriftDetected e) {
        opened(e.alert(), new Condition(e.feature(), e.statistic()), e.windowStart());
    }

    @EventSourcingHandler
    void on(PerformanceDegraded e) {
        opened(e.alert(), new Condition(e.feature(), e.statistic()), e.windowStart());
    }

    @EventSourcingHandler
    void on(MonitorRecovered e) {
        open.values().removeIf(a -> Objects.equals(a, e.alert()));
        states.put(e.alert(), AlertState.RESOLVED);
        lastWindow = later(lastWindow, e.windowStart());
    }

    @EventSourcingHandler
    void on(AlertAcknowledged e) {
        states.put(e.alert(), AlertState.ACKNOWLEDGED);
    }

    @EventSourcingHandler
    void on(AlertResolved e) {
        open.values().removeIf(a -> Objects.equals(a, e.alert()));
        states.put(e.alert(), AlertState.RESOLVED);
    }

    private void opened(AlertId alert, Condition condition, Instant window) {
        alerts = Math.max(alerts, alert.number());
        states.put(alert, AlertState.OPEN);
        open.put(condition, alert);
        lastWindow = later(lastWindow, window);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
