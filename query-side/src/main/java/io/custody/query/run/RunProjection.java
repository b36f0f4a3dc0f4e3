package io.custody.query.run;

import io.custody.events.run.ArtifactLogged;
import io.custody.events.run.MetricsLogged;
import io.custody.events.run.RunCodeRecorded;
import io.custody.events.run.RunCompleted;
import io.custody.events.run.RunFailed;
import io.custody.events.run.RunInputsLogged;
import io.custody.events.run.RunParamsLogged;
import io.custody.events.run.RunStarted;
import io.custody.meta.Metadata;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.query.support.JsonColumns;
import io.custody.query.support.RowHistory;
import io.custody.values.CodeVersion;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Metric;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code rm_run} and its child tables. The run row's updates are guarded by {@code last_position};
 * child rows are keyed by the producing event's global position, so applying an event twice (replay,
 * redelivery after a crash) is a no-op. The run's states (started, completed or failed) and each metric's
 * latest observation are copied to history tables with the event's position and times; metric and
 * artifact rows carry the times they were recorded and happened.
 */
@Component
@ProcessingGroup(RunProjection.GROUP)
class RunProjection {

    static final String GROUP = "run-read-model";

    static final RowHistory RUN_HISTORY = new RowHistory("rm_run", "last_position", List.of("id"),
            List.of("experiment", "status", "code_repository", "code_commit", "code_dirty", "hyperparameters",
                    "environment", "started_by", "started_at", "recorded_by", "recorded_at", "ended_at", "ended_by",
                    "failure_reason", "started_position", "last_position"));
    static final RowHistory LATEST_METRIC_HISTORY = new RowHistory("rm_run_metric_latest", "position",
            List.of("run", "name"), List.of("value", "step", "measured_at", "position", "ordinal"));

    private final JdbcTemplate jdbc;
    private final JsonColumns json;
    private final EventPositions positions;

    RunProjection(JdbcTemplate jdbc, JsonColumns json, EventPositions positions) {
        this.jdbc = jdbc;
        this.json = json;
        this.positions = positions;
    }

    @EventHandler
    void on(RunStarted event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        CodeVersion code = event.code();
        jdbc.update("""
                INSERT INTO rm_run (id, experiment, status, code_repository, code_commit, code_dirty, hyperparameters,
                                    environment, started_by, started_at, recorded_by, recorded_at, started_position,
                                    last_position)
                VALUES (?, ?, 'RUNNING', ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING""",
                event.run().value(), event.experiment(), code == null ? null : code.repository(),
                code == null ? null : code.commit(), code == null ? null : code.dirty(),
                json.write(event.hyperparameters()), json.write(event.environment()),
                event.startedBy() != null ? event.startedBy() : actor, EventTimes.happenedAt(eventTime, at), actor,
                EventTimes.utc(at), position, position);
        RUN_HISTORY.record(jdbc, position, EventTimes.utc(at), EventTimes.happenedAt(eventTime, at), event.run().value());
        List<Object[]> inputs = new ArrayList<>();
        for (int i = 0; i < event.inputs().size(); i++) {
            DatasetVersionRef input = event.inputs().get(i);
            inputs.add(new Object[]{event.run().value(), i, input.dataset().value(), input.version().value(),
                    input.digest().value()});
        }
        if (!inputs.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO rm_run_input (run, ordinal, dataset, version, digest) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", inputs);
        }
    }

    /** A run started without code (an MLflow run) shows the code its tracking tags recorded later. */
    @EventHandler
    void on(RunCodeRecorded event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("""
                UPDATE rm_run SET code_repository = ?, code_commit = ?, code_dirty = ?, last_position = ?
                 WHERE id = ? AND last_position < ?""", event.code().repository(), event.code().commit(),
                event.code().dirty(), position, event.run().value(), position);
        RUN_HISTORY.record(jdbc, position, EventTimes.utc(at), EventTimes.happenedAt(eventTime, at), event.run().value());
    }

    /** Parameters logged after the start join the run's hyperparameters. */
    @EventHandler
    void on(RunParamsLogged event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("""
                UPDATE rm_run SET hyperparameters = ?::jsonb || hyperparameters, last_position = ?
                 WHERE id = ? AND last_position < ?""", json.write(event.params()), position, event.run().value(),
                position);
        RUN_HISTORY.record(jdbc, position, EventTimes.utc(at), EventTimes.happenedAt(eventTime, at), event.run().value());
    }

    /**
     * Inputs logged after the start follow the ones it started with, in the order they were logged; one already
     * there (the event applied again) is left alone, since a run logs each input once.
     */
    @EventHandler
    void on(RunInputsLogged event, TrackingToken token) {
        long position = positions.of(token);
        String run = event.run().value();
        for (DatasetVersionRef input : event.inputs()) {
            jdbc.update("""
                    INSERT INTO rm_run_input (run, ordinal, dataset, version, digest)
                    SELECT ?, COALESCE(MAX(ordinal) + 1, 0), ?, ?, ? FROM rm_run_input WHERE run = ?
                    HAVING NOT bool_or(dataset = ? AND version = ?) IS TRUE
                    ON CONFLICT DO NOTHING""", run, input.dataset().value(), input.version().value(),
                    input.digest().value(), run, input.dataset().value(), input.version().value());
        }
        touch(run, position);
    }

    @EventHandler
    void on(MetricsLogged event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        String run = event.run().value();
        OffsetDateTime recorded = EventTimes.utc(at);
        OffsetDateTime happened = EventTimes.happenedAt(eventTime, at);
        // One row per name: a batch may hold many steps of a metric (an MLflow log-batch does), and one upsert
        // statement must not touch a row twice. The batch's own latest per name is the one that can win.
        Map<String, Object[]> latest = new LinkedHashMap<>();
        int n = event.metrics().size();
        String[] factNames = new String[n];
        double[] values = new double[n];
        long[] steps = new long[n];
        String[] measured = new String[n];
        for (int i = 0; i < n; i++) {
            Metric m = event.metrics().get(i);
            Object[] row = {run, position, i, m.name(), m.value(), m.step(), EventTimes.utc(m.timestamp())};
            latest.merge(m.name(), row, (kept, next) -> later(next, kept) ? next : kept);
            factNames[i] = m.name();
            values[i] = m.value();
            steps[i] = m.step();
            measured[i] = m.timestamp() == null ? null : m.timestamp().toString();
        }
        if (latest.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(latest.values());
        // The event's observations as one row of arrays (V86); the observation times travel as ISO-8601
        // instants, which PostgreSQL reads as the same timestamptz.
        jdbc.update("""
                INSERT INTO rm_run_metric_log (run, position, names, observed_values, steps, measured_at, recorded_at,
                                               happened_at)
                VALUES (?, ?, ?::varchar[], ?::float8[], ?::int8[], ?::timestamptz[], ?, ?)
                ON CONFLICT DO NOTHING""", run, position, factNames, values, steps, measured, recorded, happened);
        // The tuple comparison makes the upsert monotonic: an observation that is not newer than the
        // stored one (including the same one, replayed) leaves the row alone.
        jdbc.batchUpdate("""
                INSERT INTO rm_run_metric_latest AS l (run, position, ordinal, name, value, step, measured_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run, name) DO UPDATE
                   SET value = EXCLUDED.value, step = EXCLUDED.step, measured_at = EXCLUDED.measured_at,
                       position = EXCLUDED.position, ordinal = EXCLUDED.ordinal
                 WHERE (l.step, COALESCE(l.measured_at, '-infinity'::timestamptz), l.position, l.ordinal)
                     < (EXCLUDED.step, COALESCE(EXCLUDED.measured_at, '-infinity'::timestamptz), EXCLUDED.position,
                        EXCLUDED.ordinal)""", rows);
        // Two statements for all names of the batch (an MLflow log-batch holds dozens), not two per name.
        LATEST_METRIC_HISTORY.recordEach(jdbc, latest.keySet().stream()
                .map(name -> new RowHistory.State(List.of(run, name), position, recorded, happened)).toList());
        touch(run, position);
    }

    @EventHandler
    void on(ArtifactLogged event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("""
                INSERT INTO rm_run_artifact (run, position, name, uri, digest, logged_at, logged_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                event.run().value(), position, event.name(), event.uri(),
                event.digest() == null ? null : event.digest().value(), EventTimes.happenedAt(eventTime, at), actor,
                EventTimes.utc(at));
        touch(event.run().value(), position);
    }

    @EventHandler
    void on(RunCompleted event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        close(event.run().value(), "COMPLETED", null, positions.of(token), EventTimes.utc(at),
                EventTimes.happenedAt(eventTime, at), actor);
    }

    @EventHandler
    void on(RunFailed event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        close(event.run().value(), "FAILED", event.reason(), positions.of(token), EventTimes.utc(at),
                EventTimes.happenedAt(eventTime, at), actor);
    }

    private void close(String run, String status, String reason, long position, OffsetDateTime recorded,
                       OffsetDateTime at, String actor) {
        jdbc.update("""
                UPDATE rm_run SET status = ?, failure_reason = ?, ended_at = ?, ended_by = ?, last_position = ?
                 WHERE id = ? AND last_position < ?""", status, reason, at, actor, position, run, position);
        RUN_HISTORY.record(jdbc, position, recorded, at, run);
    }

    /** MLflow's and the upsert's order: step, then time (none is earliest), then place in the batch. */
    private static boolean later(Object[] a, Object[] b) {
        int byStep = Long.compare((Long) a[5], (Long) b[5]);
        if (byStep != 0) {
            return byStep > 0;
        }
        OffsetDateTime ta = (OffsetDateTime) a[6];
        OffsetDateTime tb = (OffsetDateTime) b[6];
        if (ta != null && tb != null && !ta.isEqual(tb)) {
            return ta.isAfter(tb);
        }
        if ((ta == null) != (tb == null)) {
            return ta != null;
        }
        return (Integer) a[2] > (Integer) b[2];
    }

    private void touch(String run, long position) {
        jdbc.update("UPDATE rm_run SET last_position = ? WHERE id = ? AND last_position < ?", position, run, position);
    }
}
