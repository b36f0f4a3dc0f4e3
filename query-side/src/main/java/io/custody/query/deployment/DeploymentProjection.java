package io.custody.query.deployment;

import io.custody.events.deployment.DeploymentEvent;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.meta.Metadata;
import io.custody.query.deployment.ServingRules.Ending;
import io.custody.query.deployment.ServingRules.Start;
import io.custody.query.deployment.ServingRules.Stint;
import io.custody.query.deployment.ServingRules.Transition;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.query.support.RowHistory;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Keeps {@code rm_deployment} and the liveness intervals in {@code rm_deployment_interval}. Each event
 * reads the stints that were open just before its own position, so the outcome is the same on first
 * delivery and on any replay; a stint is inserted once (keyed by the position that started it) and
 * closed once (only while still open), never overwritten. An interval carries both times of its start
 * and of its end, so it answers "live at T" on either clock; the deployment row's own states (first and
 * last change) go to {@code rm_deployment_history}.
 */
@Component
@ProcessingGroup(DeploymentProjection.GROUP)
class DeploymentProjection {

    static final String GROUP = "deployment-read-model";

    static final RowHistory DEPLOYMENT_HISTORY = new RowHistory("rm_deployment", "last_position",
            List.of("environment", "service"),
            List.of("first_at", "first_recorded_at", "first_position", "last_changed_at", "last_position"));

    private final JdbcTemplate jdbc;
    private final EventPositions positions;

    DeploymentProjection(JdbcTemplate jdbc, EventPositions positions) {
        this.jdbc = jdbc;
        this.positions = positions;
    }

    @EventHandler
    void on(DeploymentEvent event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        String environment = event.environment().value();
        String service = event.service().value();
        OffsetDateTime happened = EventTimes.happenedAt(eventTime, at);
        OffsetDateTime recorded = EventTimes.utc(at);

        Transition transition = ServingRules.of(openBefore(environment, service, position), event);
        for (Ending ending : transition.endings()) {
            Stint stint = ending.stint();
            jdbc.update("""
                    UPDATE rm_deployment_interval
                       SET to_time = ?, to_recorded_at = ?, to_position = ?, end_reason = ?, end_note = ?, ended_by = ?
                     WHERE environment = ? AND service = ? AND from_position = ? AND model = ? AND version = ?
                       AND to_position IS NULL""",
                    happened, recorded, position, ending.reason().name(), ending.note(), actor, environment, service,
                    stint.since(), stint.version().model().value(), stint.version().version());
        }
        String deployedBy = event instanceof ModelVersionDeployed d && d.deployedBy() != null ? d.deployedBy() : actor;
        String policyVersion = event instanceof ModelVersionDeployed d ? d.policyVersion() : null;
        for (Start start : transition.starts()) {
            jdbc.update("""
                    INSERT INTO rm_deployment_interval (environment, service, model, version, canary, share, from_time,
                                                        from_recorded_at, from_position, start_reason, deployed_by,
                                                        policy_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""",
                    environment, service, start.version().model().value(), start.version().version(), start.canary(),
                    start.share(), happened, recorded, position, start.reason().name(), deployedBy, policyVersion);
        }
        jdbc.update("""
                INSERT INTO rm_deployment AS d (environment, service, first_at, first_recorded_at, first_position,
                                                last_changed_at, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (environment, service) DO UPDATE
                   SET last_changed_at = EXCLUDED.last_changed_at, last_position = EXCLUDED.last_position
                 WHERE d.last_position < EXCLUDED.last_position""",
                environment, service, happened, recorded, position, happened, position);
        DEPLOYMENT_HISTORY.record(jdbc, position, recorded, happened, environment, service);
    }

    /** The stints open just before {@code position}: started earlier and not ended by an earlier event. */
    private List<Stint> openBefore(String environment, String service, long position) {
        return jdbc.query("""
                        SELECT model, version, canary, share, from_position FROM rm_deployment_interval
                         WHERE environment = ? AND service = ? AND from_position < ?
                           AND (to_position IS NULL OR to_position >= ?)
                         ORDER BY from_position, model, version""",
                (rs, i) -> new Stint(new ModelVersionRef(new ModelName(rs.getString("model")), rs.getInt("version")),
                        rs.getBoolean("canary"), (Double) rs.getObject("share"), rs.getLong("from_position")),
                environment, service, position, position);
    }
}
