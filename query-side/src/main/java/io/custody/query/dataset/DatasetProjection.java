package io.custody.query.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.dataset.DatasetDeprecated;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.meta.Metadata;
import io.custody.query.support.BatchBuffer;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.query.support.RowHistory;
import io.custody.query.support.SqlArrays;
import io.custody.values.Tag;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.custody.query.support.SqlArrays.column;

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

    private static final String PENDING_REGISTRATIONS = DatasetProjection.class.getName() + ".registrations";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final VersionWrites versions;
    private final EventPositions positions;

    DatasetProjection(JdbcTemplate jdbc, ObjectMapper json, EventPositions positions) {
        this.jdbc = jdbc;
        this.json = json;
        this.versions = new VersionWrites();
        this.positions = positions;
    }

    @EventHandler
    void on(DatasetRegistered event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        pending().datasets().add(new NewDataset(event.dataset().value(), event.dataset().namespace(),
                event.dataset().name(), event.owner().value(), event.description(), String.join(",", tags(event.tags())),
                utc(at), actor, position, EventTimes.happenedAt(eventTime, at)));
    }

    @EventHandler
    void on(DatasetVersionRegistered event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        long position = positions.of(token);
        pending().versions().add(new NewVersion(event.dataset().value(), event.version().value(), event.location(),
                event.digest().value(), write(event.schema()), event.rowCount(), String.join(",", tags(event.tags())),
                write(event.profile()), event.producedByRun(), utc(at), actor, position, EventTimes.happenedAt(eventTime, at)));
    }

    @EventHandler
    void on(DatasetVersionQuarantined event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.ACTOR) String actor, @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        flushPending();
        long position = positions.of(token);
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
        flushPending();
        long position = positions.of(token);
        jdbc.update("UPDATE rm_dataset SET deprecated = TRUE, deprecation_reason = ?, last_position = ? "
                + "WHERE name = ? AND last_position < ?", event.reason(), position, event.dataset().value(), position);
        DATASET_HISTORY.record(jdbc, position, utc(at), EventTimes.happenedAt(eventTime, at), event.dataset().value());
    }

    /** A dataset registration waiting for the batch's flush. */
    private record NewDataset(String name, String namespace, String shortName, String owner, String description,
                              String tags, OffsetDateTime recorded, String actor, long position,
                              OffsetDateTime happened) {
    }

    /** A version registration waiting for the batch's flush. */
    private record NewVersion(String dataset, String version, String location, String digest, String schema,
                              Long rowCount, String tags, String profile, String producedBy, OffsetDateTime recorded,
                              String actor, long position, OffsetDateTime happened) {
    }

    /**
     * The batch's registrations not yet written. Datasets are written before versions: a dataset precedes its
     * versions in the log, and the other events (quarantine, deprecation) write what is pending first.
     */
    private record Pending(List<NewDataset> datasets, List<NewVersion> versions) {

        Pending() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    private Pending pending() {
        return BatchBuffer.of(PENDING_REGISTRATIONS, Pending::new, versions::write);
    }

    private void flushPending() {
        Pending pending = BatchBuffer.existing(PENDING_REGISTRATIONS);
        if (pending != null) {
            versions.write(pending);
        }
    }

    private static String[] tags(Set<Tag> tags) {
        return tags.stream().map(Tag::value).sorted().toArray(String[]::new);
    }

    /**
     * Writes a batch's registrations with a fixed number of statements, whatever their number: the new
     * datasets and their history (two statements), then the versions, their datasets' counts, and both
     * histories (six), each state exactly as event-by-event application would have left it (a dataset that
     * took three versions in the batch gets three history states, at their own positions and times).
     */
    private final class VersionWrites {

        void write(Pending pending) {
            List<NewDataset> datasets = new ArrayList<>(pending.datasets());
            pending.datasets().clear();
            List<NewVersion> batch = new ArrayList<>(pending.versions());
            pending.versions().clear();
            registrations(datasets);
            if (!batch.isEmpty()) {
                versions(batch);
            }
        }

        /** The datasets, each row's first state copied to the history (a replayed registration copies none). */
        private void registrations(List<NewDataset> datasets) {
            if (datasets.isEmpty()) {
                return;
            }
            jdbc.update("""
                    INSERT INTO rm_dataset (name, namespace, short_name, owner, description, tags, registered_at,
                                            registered_by, registered_position, last_position)
                    SELECT k.name, k.namespace, k.short_name, k.owner, k.description, string_to_array(k.tags, ','),
                           k.registered_at, k.registered_by, k.position, k.position
                      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                                  ?::text[], ?::bigint[])
                           AS k (name, namespace, short_name, owner, description, tags, registered_at, registered_by,
                                 position)
                     ORDER BY k.position
                    ON CONFLICT (name) DO NOTHING""",
                    ps -> SqlArrays.bind(ps, datasets, List.of(
                            column("text", NewDataset::name),
                            column("text", NewDataset::namespace),
                            column("text", NewDataset::shortName),
                            column("text", NewDataset::owner),
                            column("text", NewDataset::description),
                            column("text", NewDataset::tags),
                            column("text", d -> d.recorded().toString()),
                            column("text", NewDataset::actor),
                            column("bigint", NewDataset::position))));
            // One state per name (recordEach takes each row once): the first registration is the one a row took.
            Map<String, NewDataset> first = new LinkedHashMap<>();
            datasets.forEach(d -> first.merge(d.name(), d, (a, b) -> a.position() <= b.position() ? a : b));
            DATASET_HISTORY.recordEach(jdbc, first.values().stream().map(d -> new RowHistory.State(
                    List.of(d.name()), d.position(), d.recorded(), d.happened())).toList());
        }

        private void versions(List<NewVersion> batch) {
            // By (dataset, version) pairs, not keys: the rows' strings need no second validation.
            Map<Map.Entry<String, String>, NewVersion> byKey = new HashMap<>();
            batch.forEach(v -> byKey.putIfAbsent(Map.entry(v.dataset(), v.version()), v));
            List<NewVersion> inserted = new ArrayList<>();
            jdbc.query("""
                    INSERT INTO rm_dataset_version (dataset, version, location, digest, schema_fields, row_count, tags,
                                                    profile, produced_by_run, registered_at, registered_by,
                                                    registered_position, last_position)
                    SELECT k.dataset, k.version, k.location, k.digest, k.schema_fields::jsonb, k.row_count,
                           string_to_array(k.tags, ','), k.profile::jsonb, k.produced_by_run, k.registered_at,
                           k.registered_by, k.position, k.position
                      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                                  ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::bigint[])
                           AS k (dataset, version, location, digest, schema_fields, row_count, tags, profile,
                                 produced_by_run, registered_at, registered_by, position)
                     ORDER BY k.position
                    ON CONFLICT (dataset, version) DO NOTHING
                    RETURNING dataset, version""",
                    ps -> {
                        SqlArrays.bind(ps, batch, List.of(
                                column("text", NewVersion::dataset),
                                column("text", NewVersion::version),
                                column("text", NewVersion::location),
                                column("text", NewVersion::digest),
                                column("text", NewVersion::schema),
                                column("bigint", NewVersion::rowCount),
                                column("text", NewVersion::tags),
                                column("text", NewVersion::profile),
                                column("text", NewVersion::producedBy),
                                column("text", v -> v.recorded().toString()),
                                column("text", NewVersion::actor),
                                column("bigint", NewVersion::position)));
                    },
                    rs -> {
                        inserted.add(byKey.get(Map.entry(rs.getString(1), rs.getString(2))));
                    });
            if (inserted.isEmpty()) {
                return;
            }
            inserted.sort(Comparator.comparingLong(NewVersion::position));
            VERSION_HISTORY.recordEach(jdbc, inserted.stream().map(v -> new RowHistory.State(
                    List.of(v.dataset(), v.version()), v.position(), v.recorded(), v.happened())).toList());
            Map<String, List<NewVersion>> byDataset = new LinkedHashMap<>();
            inserted.forEach(v -> byDataset.computeIfAbsent(v.dataset(), d -> new ArrayList<>()).add(v));
            datasets(byDataset);
        }

        /** Each dataset's count and last position move once; its history gets one state per version taken. */
        private void datasets(Map<String, List<NewVersion>> byDataset) {
            List<String> names = new ArrayList<>(byDataset.keySet());
            Map<String, Integer> counts = new HashMap<>();
            jdbc.query("""
                    UPDATE rm_dataset d SET version_count = d.version_count + k.taken, last_position = k.last
                      FROM unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[]) AS k (name, taken, first, last)
                     WHERE d.name = k.name AND d.last_position < k.first
                    RETURNING d.name, d.version_count""",
                    ps -> {
                        SqlArrays.bind(ps, names, List.of(
                                column("text", n -> n),
                                column("int", n -> byDataset.get(n).size()),
                                column("bigint", n -> byDataset.get(n).get(0).position()),
                                column("bigint", n -> byDataset.get(n).get(byDataset.get(n).size() - 1).position())));
                    },
                    rs -> {
                        counts.put(rs.getString(1), rs.getInt(2));
                    });
            if (counts.isEmpty()) {
                return;
            }
            List<NewVersion> firsts = new ArrayList<>();
            List<Object[]> states = new ArrayList<>();
            counts.forEach((name, count) -> {
                List<NewVersion> taken = byDataset.get(name);
                firsts.add(taken.get(0));
                for (int i = 0; i < taken.size(); i++) {
                    NewVersion v = taken.get(i);
                    NewVersion next = i + 1 < taken.size() ? taken.get(i + 1) : null;
                    states.add(new Object[]{name, count - taken.size() + i + 1, v.position(), v.recorded().toString(),
                            v.happened().toString(), next == null ? null : next.position(),
                            next == null ? null : next.recorded().toString(),
                            next == null ? null : next.happened().toString()});
                }
            });
            jdbc.update("""
                    UPDATE rm_dataset_history h
                       SET valid_to_position = k.first, recorded_to = k.recorded, event_to = k.happened
                      FROM unnest(?::text[], ?::bigint[], ?::timestamptz[], ?::timestamptz[])
                           AS k (name, first, recorded, happened)
                     WHERE h.name = k.name AND h.valid_to_position IS NULL AND h.valid_from_position < k.first""",
                    ps -> SqlArrays.bind(ps, firsts, List.of(
                            column("text", NewVersion::dataset),
                            column("bigint", NewVersion::position),
                            column("text", v -> v.recorded().toString()),
                            column("text", v -> v.happened().toString()))));
            jdbc.update("""
                    INSERT INTO rm_dataset_history (name, namespace, short_name, owner, description, tags, deprecated,
                           deprecation_reason, version_count, registered_at, registered_by, registered_position,
                           last_position, valid_from_position, valid_to_position, recorded_from, recorded_to,
                           event_from, event_to)
                    SELECT d.name, d.namespace, d.short_name, d.owner, d.description, d.tags, d.deprecated,
                           d.deprecation_reason, k.version_count, d.registered_at, d.registered_by,
                           d.registered_position, k.position, k.position, k.next_position, k.recorded, k.next_recorded,
                           k.happened, k.next_happened
                      FROM unnest(?::text[], ?::int[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::bigint[],
                                  ?::timestamptz[], ?::timestamptz[])
                           AS k (name, version_count, position, recorded, happened, next_position, next_recorded,
                                 next_happened)
                      JOIN rm_dataset d ON d.name = k.name
                    ON CONFLICT DO NOTHING""",
                    ps -> {
                        Connection c = ps.getConnection();
                        for (int col = 0; col < 8; col++) {
                            int at = col;
                            String type = switch (col) {
                                case 1 -> "int";
                                case 2, 5 -> "bigint";
                                default -> "text";
                            };
                            ps.setArray(col + 1, SqlArrays.of(c, type, states, r -> r[at]));
                        }
                    });
        }
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
