package io.custody.query.model;

import io.custody.events.model.AliasRemoved;
import io.custody.events.model.AliasSet;
import io.custody.events.model.ModelRegistered;
import io.custody.events.model.ModelVersionApproved;
import io.custody.events.model.ModelVersionArchived;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.model.RegisteredModelDeleted;
import io.custody.events.model.RegisteredModelRenamed;
import io.custody.events.model.ValidationRecorded;
import io.custody.meta.Metadata;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.query.support.JsonColumns;
import io.custody.query.support.RowHistory;
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
 * Keeps {@code rm_model}, {@code rm_model_version} and their validations, approvals and aliases. Rows
 * that change are guarded by the position of the newest event applied to them; rows that record one
 * event are keyed by its position. Applying an event twice is a no-op. Each state a model, version or
 * alias row takes is copied to its history table with the event's position and times; validations and
 * approvals are facts of one event and carry their own times.
 */
@Component
@ProcessingGroup(ModelProjection.GROUP)
class ModelProjection {

    static final String GROUP = "model-read-model";

    static final RowHistory MODEL_HISTORY = new RowHistory("rm_model", "last_position", List.of("name"),
            List.of("owner", "domain", "risk_tier", "description", "version_count", "registered_at", "registered_by",
                    "recorded_at", "registered_position", "last_position", "deleted_at", "deleted_by", "mlflow_name"));
    static final RowHistory VERSION_HISTORY = new RowHistory("rm_model_version", "last_position",
            List.of("model", "version"),
            List.of("run", "artifact_uri", "artifact_digest", "input_signature", "description", "archived",
                    "archived_reason", "archived_at", "archived_by", "registered_at", "registered_by", "recorded_at",
                    "registered_position", "last_position"));
    static final RowHistory ALIAS_HISTORY = new RowHistory("rm_model_alias", "position", List.of("model", "alias"),
            List.of("version", "changed_at", "changed_by", "position"));

    private final JdbcTemplate jdbc;
    private final JsonColumns json;
    private final EventPositions positions;

    ModelProjection(JdbcTemplate jdbc, JsonColumns json, EventPositions positions) {
        this.jdbc = jdbc;
        this.json = json;
        this.positions = positions;
    }

    @EventHandler
    void on(ModelRegistered event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("""
                INSERT INTO rm_model (name, owner, domain, risk_tier, description, registered_at, registered_by,
                                      recorded_at, registered_position, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO NOTHING""",
                event.model().value(), event.owner().value(), event.domain(),
                event.riskTier() == null ? null : event.riskTier().name(), event.description(),
                EventTimes.happenedAt(eventTime, at), actor, EventTimes.utc(at), position, position);
        MODEL_HISTORY.record(jdbc, position, EventTimes.utc(at), EventTimes.happenedAt(eventTime, at),
                event.model().value());
    }

    @EventHandler
    void on(ModelVersionRegistered event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        int inserted = jdbc.update("""
                INSERT INTO rm_model_version (model, version, run, artifact_uri, artifact_digest, input_signature,
                                              description, registered_at, registered_by, recorded_at,
                                              registered_position, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (model, version) DO NOTHING""",
                event.model().value(), event.version(), event.run() == null ? null : event.run().value(),
                event.artifactUri(), event.artifactDigest() == null ? null : event.artifactDigest().value(),
                event.inputSignature(), event.description(), EventTimes.happenedAt(eventTime, at), actor,
                EventTimes.utc(at), position, position);
        if (inserted == 1) {
            jdbc.update("UPDATE rm_model SET version_count = version_count + 1, last_position = ? "
                    + "WHERE name = ? AND last_position < ?", position, event.model().value(), position);
        }
        OffsetDateTime happened = EventTimes.happenedAt(eventTime, at);
        VERSION_HISTORY.record(jdbc, position, EventTimes.utc(at), happened, event.model().value(), event.version());
        MODEL_HISTORY.record(jdbc, position, EventTimes.utc(at), happened, event.model().value());
    }

    @EventHandler
    void on(ValidationRecorded event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("""
                INSERT INTO rm_model_validation (model, version, position, metrics, checks, passed, validated_by,
                                                 validated_at, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                event.model().value(), event.version(), position, json.write(event.metrics()),
                json.write(event.checks()), event.passed(), event.validatedBy() != null ? event.validatedBy() : actor,
                EventTimes.happenedAt(eventTime, at), actor, EventTimes.utc(at));
        touchVersion(event.model().value(), event.version(), position);
    }

    @EventHandler
    void on(ModelVersionApproved event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("""
                INSERT INTO rm_model_approval (model, version, position, approver, role, comment, approved_at,
                                               recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                event.model().value(), event.version(), position, event.approver() != null ? event.approver() : actor,
                event.role(), event.comment(), EventTimes.happenedAt(eventTime, at), actor, EventTimes.utc(at));
        touchVersion(event.model().value(), event.version(), position);
    }

    @EventHandler
    void on(AliasSet event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("""
                INSERT INTO rm_model_alias AS a (model, alias, version, changed_at, changed_by, position)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (model, alias) DO UPDATE
                   SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by,
                       position = EXCLUDED.position
                 WHERE a.position < EXCLUDED.position""",
                event.model().value(), event.alias().value(), event.version(), EventTimes.happenedAt(eventTime, at),
                actor, position);
        ALIAS_HISTORY.record(jdbc, position, EventTimes.utc(at), EventTimes.happenedAt(eventTime, at),
                event.model().value(), event.alias().value());
        touchModel(event.model().value(), position);
    }

    @EventHandler
    void on(AliasRemoved event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("""
                UPDATE rm_model_alias SET version = NULL, changed_at = ?, changed_by = ?, position = ?
                 WHERE model = ? AND alias = ? AND position < ?""",
                EventTimes.happenedAt(eventTime, at), actor, position, event.model().value(), event.alias().value(),
                position);
        ALIAS_HISTORY.record(jdbc, position, EventTimes.utc(at), EventTimes.happenedAt(eventTime, at),
                event.model().value(), event.alias().value());
        touchModel(event.model().value(), position);
    }

    @EventHandler
    void on(ModelVersionArchived event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("""
                UPDATE rm_model_version
                   SET archived = TRUE, archived_reason = ?, archived_at = ?, archived_by = ?, last_position = ?
                 WHERE model = ? AND version = ? AND last_position < ?""",
                event.reason(), EventTimes.happenedAt(eventTime, at), actor, position, event.model().value(),
                event.version(), position);
        VERSION_HISTORY.record(jdbc, position, EventTimes.utc(at), EventTimes.happenedAt(eventTime, at),
                event.model().value(), event.version());
    }

    @EventHandler
    void on(RegisteredModelDeleted event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("UPDATE rm_model SET deleted_at = ?, deleted_by = ?, last_position = ? WHERE name = ? "
                + "AND last_position < ?", EventTimes.happenedAt(eventTime, at), actor, position, event.model().value(),
                position);
        MODEL_HISTORY.record(jdbc, position, EventTimes.utc(at), EventTimes.happenedAt(eventTime, at),
                event.model().value());
    }

    /** Renamed back to its own name, the model has no MLflow name of its own. */
    @EventHandler
    void on(RegisteredModelRenamed event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        jdbc.update("UPDATE rm_model SET mlflow_name = NULLIF(CAST(? AS TEXT), name), last_position = ? WHERE name = ? "
                + "AND last_position < ?", event.name().value(), position, event.model().value(), position);
        MODEL_HISTORY.record(jdbc, position, EventTimes.utc(at), EventTimes.happenedAt(eventTime, at),
                event.model().value());
    }

    private void touchVersion(String model, int version, long position) {
        jdbc.update("UPDATE rm_model_version SET last_position = ? WHERE model = ? AND version = ? AND last_position < ?",
                position, model, version, position);
    }

    private void touchModel(String model, long position) {
        jdbc.update("UPDATE rm_model SET last_position = ? WHERE name = ? AND last_position < ?", position, model,
                position);
    }
}
