package io.custody.query.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.events.model.ValidationRecorded;
import io.custody.events.monitoring.AlertAcknowledged;
import io.custody.events.monitoring.AlertResolved;
import io.custody.events.monitoring.DriftDetected;
import io.custody.events.monitoring.MonitorChanged;
import io.custody.events.monitoring.MonitorCreated;
import io.custody.events.monitoring.MonitorPaused;
import io.custody.events.monitoring.MonitorRecovered;
import io.custody.events.monitoring.PerformanceDegraded;
import io.custody.events.prediction.OutcomesRecorded;
import io.custody.events.prediction.PredictionsRecorded;
import io.custody.meta.Metadata;
import io.custody.monitoring.MonitorFold;
import io.custody.monitoring.PredictionBatchView;
import io.custody.monitoring.StoredPayloads;
import io.custody.monitoring.MonitorSettings;
import io.custody.query.support.EventPositions;
import io.custody.values.AlertId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * The monitoring read model ({@code rm_monitor*}): each monitor's settings over time, its windows' statistics
 * (folded from prediction and outcome sketches by {@link MonitorFold}, independently of the command side's
 * detection) and the alerts with their lifecycle. Replaying the log folds the same sketches in the same order,
 * so a rebuild gives the same statistics. Every write is an upsert or keyed, so a repeat changes nothing.
 */
@Component
@ProcessingGroup(MonitoringProjection.GROUP)
public class MonitoringProjection {

    public static final String GROUP = "monitoring-read-model";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final MonitorFold fold;
    private final EventPositions positions;
    private final AlertFeed feed;
    private final MonitoringRepository repository;
    private final StoredPayloads payloads;

    MonitoringProjection(JdbcTemplate jdbc, ObjectMapper json, EventPositions positions, AlertFeed feed,
                         MonitoringRepository repository, StoredPayloads payloads,
                         @Value("${custody.monitoring.lateness:PT2M}") Duration lateness) {
        this.jdbc = jdbc;
        this.json = json;
        this.fold = new MonitorFold(jdbc, json, "rm", lateness);
        this.positions = positions;
        this.feed = feed;
        this.repository = repository;
        this.payloads = payloads;
    }

    @EventHandler
    void on(MonitorCreated e, @SequenceNumber long sequence, @Timestamp Instant at) throws Exception {
        MonitorSettings s = new MonitorSettings(e.features(), e.baseline(), e.window(), e.thresholds(), e.performance());
        fold.settings(e.environment(), e.service(), s);
        history(e.environment().value(), e.service().value(), sequence, at, s, false);
    }

    @EventHandler
    void on(MonitorChanged e, @SequenceNumber long sequence, @Timestamp Instant at) throws Exception {
        MonitorSettings s = new MonitorSettings(e.features(), e.baseline(), e.window(), e.thresholds(), e.performance());
        fold.settings(e.environment(), e.service(), s);
        history(e.environment().value(), e.service().value(), sequence, at, s, false);
    }

    @EventHandler
    void on(MonitorPaused e, @SequenceNumber long sequence, @Timestamp Instant at) throws Exception {
        fold.paused(e.environment(), e.service());
        MonitorSettings s = fold.monitor(e.environment(), e.service()).orElseThrow().settings();
        history(e.environment().value(), e.service().value(), sequence, at, s, true);
    }

    private void history(String env, String svc, long sequence, Instant at, MonitorSettings s, boolean paused)
            throws Exception {
        jdbc.update("INSERT INTO rm_monitor_history (environment, service, recorded_at, position, settings, paused) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", env, svc, java.sql.Timestamp.from(at), sequence,
                json.writeValueAsString(s), paused);
    }

    @EventHandler
    void on(DatasetVersionRegistered e) {
        fold.profiles(e.dataset(), e.version(), e.profile());
    }

    @EventHandler
    void on(ValidationRecorded e) {
        fold.validation(e.model().value(), e.version(), e.metrics());
    }

    // A batch of a deployment without a monitor stays serialized (most deployments have none); one with a monitor
    // is read only as far as its sketches.
    @EventHandler(payloadType = PredictionsRecorded.class)
    void on(EventMessage<PredictionsRecorded> message) {
        fold.predictions(message instanceof DomainEventMessage<?> m ? m.getAggregateIdentifier() : null,
                message::getPayload, () -> PredictionBatchView.read(json, payloads.json(message)));
    }

    @EventHandler
    void on(OutcomesRecorded e) {
        fold.outcomes(e.environment(), e.service(), e.outcomes());
    }

    @EventHandler
    void on(DriftDetected e, TrackingToken token, @Timestamp Instant at) {
        opened(e.alert(), positions.of(token), "DRIFT", e.feature(), e.statistic().name(), e.value(), e.threshold(),
                null, null, e.windowStart(), e.windowEnd(), at);
    }

    @EventHandler
    void on(PerformanceDegraded e, TrackingToken token, @Timestamp Instant at) {
        opened(e.alert(), positions.of(token), "PERFORMANCE", e.feature(), e.statistic().name(), e.value(),
                e.threshold(), e.validation(), e.modelVersion() == null ? null : e.modelVersion().toString(),
                e.windowStart(), e.windowEnd(), at);
    }

    private void opened(AlertId alert, long position, String kind, String feature, String statistic, double value,
                        double threshold, Double validation, String modelVersion, Instant start, Instant end,
                        Instant at) {
        jdbc.update("INSERT INTO rm_monitor_alert (alert, position, environment, service, kind, feature, statistic, "
                + "value, threshold, validation, model_version, window_start, window_end, state, opened_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?) ON CONFLICT (alert) DO NOTHING",
                alert.value(), position, alert.environment().value(), alert.service().value(), kind, feature, statistic,
                value, threshold, validation, modelVersion, java.sql.Timestamp.from(start), java.sql.Timestamp.from(end),
                java.sql.Timestamp.from(at));
        publish(alert);
    }

    @EventHandler
    void on(MonitorRecovered e, @Timestamp Instant at) {
        jdbc.update("UPDATE rm_monitor_alert SET recovered_value = ?, recovered_window_start = ?, "
                + "state = 'RESOLVED', resolved_by = COALESCE(resolved_by, ?), resolved_at = COALESCE(resolved_at, ?) "
                + "WHERE alert = ?", e.value(), java.sql.Timestamp.from(e.windowStart()), "custody:monitoring",
                java.sql.Timestamp.from(at), e.alert().value());
        publish(e.alert());
    }

    @EventHandler
    void on(AlertAcknowledged e, @Timestamp Instant at,
            @MetaDataValue(value = Metadata.ACTOR, required = false) String actor) {
        jdbc.update("UPDATE rm_monitor_alert SET state = 'ACKNOWLEDGED', acknowledged_by = ?, acknowledged_at = ?, "
                + "acknowledge_comment = ? WHERE alert = ? AND state = 'OPEN'", actor, java.sql.Timestamp.from(at), e.comment(),
                e.alert().value());
        publish(e.alert());
    }

    @EventHandler
    void on(AlertResolved e, @Timestamp Instant at,
            @MetaDataValue(value = Metadata.ACTOR, required = false) String actor) {
        jdbc.update("UPDATE rm_monitor_alert SET state = 'RESOLVED', resolved_by = ?, resolved_at = ?, "
                + "resolve_comment = ? WHERE alert = ?", actor, java.sql.Timestamp.from(at), e.comment(), e.alert().value());
        publish(e.alert());
    }

    /** Offers the alert as it now is to subscribers, once the transaction that changed it commits. */
    private void publish(AlertId alert) {
        Runnable offer = () -> repository.alert(alert.value()).ifPresent(feed::offer);
        if (CurrentUnitOfWork.isStarted()) {
            AlertView now = repository.alert(alert.value()).orElse(null);
            if (now != null) {
                CurrentUnitOfWork.get().afterCommit(u -> feed.offer(now));
            }
        } else {
            offer.run();
        }
    }
}
