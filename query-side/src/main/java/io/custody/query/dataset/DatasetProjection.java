package io.custody.query.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.dataset.DatasetDeprecated;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.meta.Metadata;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.query.support.RowHistory;
import io.custody.values.Tag;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Keeps {@code rm_dataset} and {@code rm_dataset_version}, and their histories. Every write is guarded
 * by the row's {@code last_position}, so applying an event twice (replay, redelivery after a crash) is a
 * no-op; each state a row takes is copied to its history table with the event's position and times.
 */
@Component
@ProcessingGroup(DatasetProjection.GROUP)
class DatasetProjection {

    static final String GROUP = "dataset-read-model";

    static final RowHistory DATASET_HISTORY = new RowHistory("rm_dataset", "last_position", List.of("name"),
            List.of("namespace", "short_name", "owner", "description", "tags", "deprecated", "deprecation_reason",
                    "version_count", "registered_at", "registered_by", "registered_position", "last_position"));
    static final RowHistory VERSION_HISTORY = new RowHistory("rm_dataset_version", "last_position",
            List.of("dataset", "version"),
            List.of("location", "digest", "schema_fields", "row_count", "tags", "profile", "produced_by_run",
                    "quarantined", "quarantine_reason", "quarantined_at", "quarantined_by", "registered_at",
                    "registered_by", "registered_position", "last_position"));

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    DatasetProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(DatasetRegistered event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = EventPositions.of(token);
        jdbc.update("""
                INSERT INTO rm_dataset (name, namespace, short_name, owner, description, tags, registered_at,
                                        registered_by, registered_position, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO NOTHING""",
                event.dataset().value(), event.dataset().namespace(), event.dataset().name(), event.owner().value(),
                event.description(), tags(event.tags()), utc(at), actor, position, position);
        DATASET_HISTORY.record(jdbc, position, utc(at), EventTimes.happenedAt(eventTime, at), event.dataset().value());
    }

    @EventHandler
    void on(DatasetVersionRegistered event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = EventPositions.of(token);
        int inserted = jdbc.update("""
                INSERT INTO rm_dataset_version (dataset, version, location, digest, schema_fields, row_count, tags,
                                                profile, produced_by_run, registered_at, registered_by,
                                                registered_position, last_position)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
                ON CONFLICT (dataset, version) DO NOTHING""",
                event.dataset().value(), event.version().value(), event.location(), event.digest().value(),
                write(event.schema()), event.rowCount(), tags(event.tags()), write(event.profile()),
                event.producedByRun(), utc(at), actor, position, position);
        if (inserted == 1) {
            jdbc.update("UPDATE rm_dataset SET version_count = version_count + 1, last_position = ? "
                    + "WHERE name = ? AND last_position < ?", position, event.dataset().value(), position);
        }
        OffsetDateTime happened = EventTimes.happenedAt(eventTime, at);
        VERSION_HISTORY.record(jdbc, position, utc(at), happened, event.dataset().value(), event.version().value());
        DATASET_HISTORY.record(jdbc, position, utc(at), happened, event.dataset().value());
    }

    @EventHandler
    void on(DatasetVersionQuarantined event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = EventPositions.of(token);
        jdbc.update("""
                UPDATE rm_dataset_version
                   SET quarantined = TRUE, quarantine_reason = ?, quarantined_at = ?, quarantined_by = ?,
                       last_position = ?
                 WHERE dataset = ? AND version = ? AND last_position < ?""",
                event.reason(), utc(at), actor, position, event.dataset().value(), event.version().value(), position);
        VERSION_HISTORY.record(jdbc, position, utc(at), EventTimes.happenedAt(eventTime, at), event.dataset().value(),
                event.version().value());
    }

    @EventHandler
    void on(DatasetDeprecated event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = EventPositions.of(token);
        jdbc.update("UPDATE rm_dataset SET deprecated = TRUE, deprecation_reason = ?, last_position = ? "
                + "WHERE name = ? AND last_position < ?", event.reason(), position, event.dataset().value(), position);
        DATASET_HISTORY.record(jdbc, position, utc(at), EventTimes.happenedAt(eventTime, at), event.dataset().value());
    }

    private static String[] tags(Set<Tag> tags) {
        return tags.stream().map(Tag::value).sorted().toArray(String[]::new);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise read-model column", e);
        }
    }
}
