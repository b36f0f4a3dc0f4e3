package io.custody.query.mlflow;

import io.custody.events.model.ModelTagDeleted;
import io.custody.events.model.ModelTagsSet;
import io.custody.events.model.RegisteredModelDeleted;
import io.custody.events.model.RegisteredModelRenamed;
import io.custody.meta.Metadata;
import io.custody.query.support.EventTimes;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the MLflow read model only MLflow's registry has: the name MLflow clients know a model by
 * ({@code mlflow_name}, changed by a rename; rows stay keyed by the model's identity) and the tags of models and
 * versions. Same processing group as {@link MlflowProjection}, so both see the events in one order. Upserts and
 * deletes by key, so applying an event twice changes nothing.
 */
@Component
@ProcessingGroup(MlflowProjection.GROUP)
class MlflowRegistryProjection {

    private final JdbcTemplate jdbc;

    MlflowRegistryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(RegisteredModelRenamed event, @Timestamp Instant at, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        jdbc.update("UPDATE rm_ml_registered_model SET mlflow_name = ?, last_updated_timestamp = ? WHERE name = ?",
                event.name().value(), millis(eventTime, at), event.model().value());
    }

    @EventHandler
    void on(ModelTagsSet event) {
        String model = event.model().value();
        List<Object[]> rows = new ArrayList<>();
        if (event.version() == null) {
            event.tags().forEach((key, value) -> rows.add(new Object[]{model, key, value}));
            jdbc.batchUpdate("INSERT INTO rm_ml_registered_model_tag (name, key, value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (name, key) DO UPDATE SET value = EXCLUDED.value", rows);
        } else {
            event.tags().forEach((key, value) -> rows.add(new Object[]{model, event.version(), key, value}));
            jdbc.batchUpdate("INSERT INTO rm_ml_model_version_tag (name, version, key, value) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (name, version, key) DO UPDATE SET value = EXCLUDED.value", rows);
        }
    }

    @EventHandler
    void on(ModelTagDeleted event) {
        if (event.version() == null) {
            jdbc.update("DELETE FROM rm_ml_registered_model_tag WHERE name = ? AND key = ?", event.model().value(),
                    event.key());
        } else {
            jdbc.update("DELETE FROM rm_ml_model_version_tag WHERE name = ? AND version = ? AND key = ?",
                    event.model().value(), event.version(), event.key());
        }
    }

    /** MLflow no longer shows a deleted model ({@link MlflowProjection} drops its rows), nor its tags. */
    @EventHandler
    void on(RegisteredModelDeleted event) {
        jdbc.update("DELETE FROM rm_ml_registered_model_tag WHERE name = ?", event.model().value());
        jdbc.update("DELETE FROM rm_ml_model_version_tag WHERE name = ?", event.model().value());
    }

    private static long millis(Object eventTime, Instant at) {
        return EventTimes.happenedAt(eventTime, at).toInstant().toEpochMilli();
    }
}
