package io.custody.query.mlflow;

import io.custody.events.experiment.ExperimentCreated;
import io.custody.events.experiment.ExperimentDeleted;
import io.custody.events.experiment.ExperimentRenamed;
import io.custody.events.experiment.ExperimentRestored;
import io.custody.events.experiment.ExperimentTagSet;
import io.custody.events.model.AliasRemoved;
import io.custody.events.model.AliasSet;
import io.custody.events.model.ModelDescriptionUpdated;
import io.custody.events.model.ModelRegistered;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.model.ModelVersionStageTransitioned;
import io.custody.events.model.RegisteredModelDeleted;
import io.custody.events.run.MetricsLogged;
import io.custody.events.run.RunCompleted;
import io.custody.events.run.RunDeleted;
import io.custody.events.run.RunFailed;
import io.custody.events.run.RunInputsLogged;
import io.custody.events.run.RunParamsLogged;
import io.custody.events.run.RunRestored;
import io.custody.events.run.RunStarted;
import io.custody.events.run.RunTagDeleted;
import io.custody.events.run.RunTagsSet;
import io.custody.meta.Metadata;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.query.support.JsonColumns;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the {@code rm_ml_*} tables: experiments, runs and the registry in MLflow's terms. Child rows are keyed by
 * what they describe (a parameter by run and key) or by the producing event's position (a metric observation),
 * inserts ignore what is there and updates set values, so applying an event twice changes nothing. Times are
 * the emitter's (an MLflow client's start_time, end_time, metric timestamp) when it gave one.
 */
@Component
@ProcessingGroup(MlflowProjection.GROUP)
class MlflowProjection {

    static final String GROUP = "mlflow-read-model";
    private static final String RUN_NAME_TAG = MlflowRunStatus.RUN_NAME_TAG;

    private final JdbcTemplate jdbc;
    private final JsonColumns json;
    private final EventPositions positions;

    MlflowProjection(JdbcTemplate jdbc, JsonColumns json, EventPositions positions) {
        this.jdbc = jdbc;
        this.json = json;
        this.positions = positions;
    }

    private static long millis(Object eventTime, Instant at) {
        return EventTimes.happenedAt(eventTime, at).toInstant().toEpochMilli();
    }

    // ---- experiments

    @EventHandler
    void on(ExperimentCreated event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long time = millis(eventTime, at);
        jdbc.update("""
                INSERT INTO rm_ml_experiment (id, name, artifact_location, lifecycle_stage, creation_time, last_update_time,
                                           tags, last_position)
                VALUES (?, ?, ?, 'active', ?, ?, ?::jsonb, ?) ON CONFLICT (id) DO NOTHING""",
                event.experiment().value(), event.name(), event.artifactLocation(), time, time,
                json.write(event.tags()), positions.of(token));
    }

    @EventHandler
    void on(ExperimentRenamed event, @Timestamp Instant at, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        jdbc.update("UPDATE rm_ml_experiment SET name = ?, last_update_time = ? WHERE id = ?", event.name(),
                millis(eventTime, at), event.experiment().value());
    }

    @EventHandler
    void on(ExperimentDeleted event, @Timestamp Instant at, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        experimentStage(event.experiment().value(), "deleted", millis(eventTime, at));
    }

    @EventHandler
    void on(ExperimentRestored event, @Timestamp Instant at, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        experimentStage(event.experiment().value(), "active", millis(eventTime, at));
    }

    private void experimentStage(String id, String stage, long time) {
        jdbc.update("UPDATE rm_ml_experiment SET lifecycle_stage = ?, last_update_time = ? WHERE id = ?", stage, time, id);
    }

    @EventHandler
    void on(ExperimentTagSet event, @Timestamp Instant at, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        jdbc.update("UPDATE rm_ml_experiment SET tags = tags || jsonb_build_object(CAST(? AS TEXT), CAST(? AS TEXT)), "
                        + "last_update_time = ? WHERE id = ?",
                event.key(), event.value(), millis(eventTime, at), event.experiment().value());
    }

    // ---- runs

    @EventHandler
    void on(RunStarted event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        String run = event.run().value();
        jdbc.update("""
                INSERT INTO rm_ml_run (run_id, experiment_id, user_id, status, start_time, lifecycle_stage, last_position)
                VALUES (?, ?, ?, 'RUNNING', ?, 'active', ?) ON CONFLICT (run_id) DO NOTHING""",
                run, event.experiment(), event.startedBy() != null ? event.startedBy() : actor, millis(eventTime, at),
                position);
        params(run, event.hyperparameters());
        inputs(run, event.inputs(), position);
    }

    @EventHandler
    void on(RunParamsLogged event) {
        params(event.run().value(), event.params());
    }

    private void params(String run, Map<String, String> params) {
        List<Object[]> rows = new ArrayList<>();
        params.forEach((key, value) -> rows.add(new Object[]{run, key, value}));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO rm_ml_run_param (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    rows);
        }
    }

    @EventHandler
    void on(RunTagsSet event) {
        String run = event.run().value();
        List<Object[]> rows = new ArrayList<>();
        event.tags().forEach((key, value) -> rows.add(new Object[]{run, key, value}));
        jdbc.batchUpdate("INSERT INTO rm_ml_run_tag (run_id, key, value) VALUES (?, ?, ?) "
                + "ON CONFLICT (run_id, key) DO UPDATE SET value = EXCLUDED.value", rows);
        if (event.tags().containsKey(RUN_NAME_TAG)) {
            jdbc.update("UPDATE rm_ml_run SET run_name = ? WHERE run_id = ?", event.tags().get(RUN_NAME_TAG), run);
        }
    }

    @EventHandler
    void on(RunTagDeleted event) {
        jdbc.update("DELETE FROM rm_ml_run_tag WHERE run_id = ? AND key = ?", event.run().value(), event.key());
        if (RUN_NAME_TAG.equals(event.key())) {
            jdbc.update("UPDATE rm_ml_run SET run_name = NULL WHERE run_id = ?", event.run().value());
        }
    }

    @EventHandler
    void on(MetricsLogged event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        String run = event.run().value();
        long fallback = millis(eventTime, at);
        int n = event.metrics().size();
        if (n == 0) {
            return;
        }
        String[] keys = new String[n];
        double[] values = new double[n];
        long[] times = new long[n];
        long[] steps = new long[n];
        for (int i = 0; i < n; i++) {
            Metric m = event.metrics().get(i);
            keys[i] = m.name();
            values[i] = m.value();
            times[i] = m.timestamp() == null ? fallback : m.timestamp().toEpochMilli();
            steps[i] = m.step();
        }
        // One statement over arrays, not a statement per observation: a log-batch holds up to 1,000, and an
        // MLflow client's reads wait for this read model (docs/mlflow.md, "Consistency"). MLflow's latest value is
        // the one with the highest step, then timestamp, then value; the guarded upsert keeps it whatever order
        // observations arrive in, and leaves the row alone when one is applied again.
        jdbc.update("""
                WITH m AS (SELECT * FROM unnest(?::varchar[], ?::float8[], ?::int8[], ?::int8[])
                                         WITH ORDINALITY AS m (k, v, t, s, o)),
                     history AS (INSERT INTO rm_ml_run_metric (run_id, position, ordinal, key, value, timestamp, step)
                                 SELECT ?, ?, (o - 1)::int, k, v, t, s FROM m ON CONFLICT DO NOTHING)
                INSERT INTO rm_ml_run_latest_metric AS l (run_id, key, value, timestamp, step)
                SELECT DISTINCT ON (k) ?, k, v, t, s FROM m ORDER BY k, s DESC, t DESC, v DESC
                ON CONFLICT (run_id, key) DO UPDATE
                   SET value = EXCLUDED.value, timestamp = EXCLUDED.timestamp, step = EXCLUDED.step
                 WHERE (l.step, l.timestamp, l.value) < (EXCLUDED.step, EXCLUDED.timestamp, EXCLUDED.value)""",
                keys, values, times, steps, run, position, run);
    }

    @EventHandler
    void on(RunInputsLogged event, TrackingToken token) {
        inputs(event.run().value(), event.inputs(), positions.of(token));
    }

    private void inputs(String run, List<DatasetVersionRef> inputs, long position) {
        List<Object[]> rows = new ArrayList<>();
        for (DatasetVersionRef input : inputs) {
            rows.add(new Object[]{run, input.dataset().value(), input.version().value(), input.digest().value(),
                    position});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO rm_ml_run_input (run_id, dataset, version, digest, position) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows);
        }
    }

    @EventHandler
    void on(RunCompleted event, @Timestamp Instant at, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        jdbc.update("UPDATE rm_ml_run SET status = 'FINISHED', end_time = ? WHERE run_id = ?", millis(eventTime, at),
                event.run().value());
    }

    @EventHandler
    void on(RunFailed event, @Timestamp Instant at, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        jdbc.update("UPDATE rm_ml_run SET status = ?, end_time = ? WHERE run_id = ?",
                MlflowRunStatus.KILLED_REASON.equals(event.reason()) ? "KILLED" : "FAILED", millis(eventTime, at), event.run().value());
    }

    @EventHandler
    void on(RunDeleted event) {
        jdbc.update("UPDATE rm_ml_run SET lifecycle_stage = 'deleted' WHERE run_id = ?", event.run().value());
    }

    @EventHandler
    void on(RunRestored event) {
        jdbc.update("UPDATE rm_ml_run SET lifecycle_stage = 'active' WHERE run_id = ?", event.run().value());
    }

    // ---- registry

    @EventHandler
    void on(ModelRegistered event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long time = millis(eventTime, at);
        jdbc.update("""
                INSERT INTO rm_ml_registered_model (name, mlflow_name, description, user_id, creation_timestamp,
                                                 last_updated_timestamp, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING""",
                event.model().value(), event.model().value(), event.description(), actor, time, time,
                positions.of(token));
    }

    @EventHandler
    void on(ModelVersionRegistered event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long time = millis(eventTime, at);
        jdbc.update("""
                INSERT INTO rm_ml_model_version (name, version, run_id, source, description, user_id, creation_timestamp,
                                              last_updated_timestamp, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, version) DO NOTHING""",
                event.model().value(), event.version(), event.run().value(), event.artifactUri(), event.description(),
                actor, time, time, positions.of(token));
        touchModel(event.model().value(), time);
    }

    @EventHandler
    void on(ModelVersionStageTransitioned event, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long time = millis(eventTime, at);
        jdbc.update("UPDATE rm_ml_model_version SET current_stage = ?, last_updated_timestamp = ? WHERE name = ? "
                + "AND version = ?", event.stage(), time, event.model().value(), event.version());
        touchModel(event.model().value(), time);
    }

    @EventHandler
    void on(ModelDescriptionUpdated event, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long time = millis(eventTime, at);
        if (event.version() == null) {
            jdbc.update("UPDATE rm_ml_registered_model SET description = ?, last_updated_timestamp = ? WHERE name = ?",
                    event.description(), time, event.model().value());
        } else {
            jdbc.update("UPDATE rm_ml_model_version SET description = ?, last_updated_timestamp = ? WHERE name = ? "
                    + "AND version = ?", event.description(), time, event.model().value(), event.version());
            touchModel(event.model().value(), time);
        }
    }

    @EventHandler
    void on(AliasSet event) {
        jdbc.update("INSERT INTO rm_ml_model_alias (name, alias, version) VALUES (?, ?, ?) "
                        + "ON CONFLICT (name, alias) DO UPDATE SET version = EXCLUDED.version",
                event.model().value(), event.alias().value(), event.version());
    }

    @EventHandler
    void on(AliasRemoved event) {
        jdbc.update("DELETE FROM rm_ml_model_alias WHERE name = ? AND alias = ?", event.model().value(),
                event.alias().value());
    }

    /** MLflow no longer shows a deleted model or its versions; the model's events and Custody's read models keep them. */
    @EventHandler
    void on(RegisteredModelDeleted event) {
        String name = event.model().value();
        jdbc.update("DELETE FROM rm_ml_model_alias WHERE name = ?", name);
        jdbc.update("DELETE FROM rm_ml_model_version WHERE name = ?", name);
        jdbc.update("DELETE FROM rm_ml_registered_model WHERE name = ?", name);
    }

    private void touchModel(String name, long time) {
        jdbc.update("UPDATE rm_ml_registered_model SET last_updated_timestamp = GREATEST(last_updated_timestamp, ?) "
                + "WHERE name = ?", time, name);
    }
}
