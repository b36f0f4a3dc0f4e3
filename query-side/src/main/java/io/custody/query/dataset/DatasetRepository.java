package io.custody.query.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.query.support.AsOf;
import io.custody.query.support.Temporal;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the dataset read model: the current-state tables when no instant is given, else their history
 * tables as of the instant (see {@link Temporal}).
 */
@Repository
public class DatasetRepository {

    private static final String DATASET_COLUMNS = "name, namespace, short_name, owner, description, tags, deprecated, "
            + "deprecation_reason, version_count, registered_at, registered_by, last_position";
    private static final String VERSION_COLUMNS = "dataset, version, location, digest, schema_fields, row_count, tags, "
            + "profile, produced_by_run, quarantined, quarantine_reason, quarantined_at, quarantined_by, registered_at, "
            + "registered_by, registered_position, last_position";
    private static final List<Temporal.Key> DATASET_KEY = List.of(Temporal.Key.text("name"));
    private static final List<Temporal.Key> VERSION_KEY = List.of(Temporal.Key.text("dataset"),
            Temporal.Key.text("version"));
    private static final String FILTER = "(CAST(:namespace AS VARCHAR) IS NULL OR d.namespace = :namespace) "
            + "AND (CAST(:owner AS VARCHAR) IS NULL OR d.owner = :owner)";

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    DatasetRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private RowMapper<DatasetView> datasetRow(AsOf asOf) {
        return (rs, i) -> new DatasetView(rs.getString("name"), rs.getString("namespace"), rs.getString("short_name"),
                rs.getString("owner"), rs.getString("description"), strings(rs.getArray("tags")),
                rs.getBoolean("deprecated"), rs.getString("deprecation_reason"), rs.getInt("version_count"),
                rs.getObject("registered_at", OffsetDateTime.class), rs.getString("registered_by"),
                rs.getLong("last_position"), asOf);
    }

    private RowMapper<DatasetVersionView> versionRow(AsOf asOf) {
        return (rs, i) -> new DatasetVersionView(rs.getString("dataset"), rs.getString("version"),
                rs.getString("location"), rs.getString("digest"), schema(rs), (Long) rs.getObject("row_count"),
                strings(rs.getArray("tags")), tree(rs.getString("profile")), rs.getString("produced_by_run"),
                rs.getBoolean("quarantined"), rs.getString("quarantine_reason"),
                rs.getObject("quarantined_at", OffsetDateTime.class), rs.getString("quarantined_by"),
                rs.getObject("registered_at", OffsetDateTime.class), rs.getString("registered_by"),
                rs.getLong("registered_position"), rs.getLong("last_position"), asOf);
    }

    public Optional<DatasetView> find(String name) {
        return find(name, null);
    }

    /** The dataset now, or as of the instant; empty if it did not exist (yet). */
    public Optional<DatasetView> find(String name, AsOf asOf) {
        return findAll(List.of(name), asOf).stream().findFirst();
    }

    public List<DatasetView> findAll(Collection<String> names, AsOf asOf) {
        if (names.isEmpty()) {
            return List.of();
        }
        if (asOf == null) {
            return jdbc.query("SELECT " + DATASET_COLUMNS + " FROM rm_dataset WHERE name IN (:names)",
                    new MapSqlParameterSource("names", names), datasetRow(null));
        }
        return jdbc.query(Temporal.statesOf("rm_dataset", DATASET_COLUMNS, DATASET_KEY, asOf),
                Temporal.keys(asOf, names, n -> n), datasetRow(asOf));
    }

    /** Keyset page ordered by name: stable under concurrent inserts, unlike OFFSET. */
    public List<DatasetView> page(String afterName, int limit, String namespace, String owner) {
        return page(afterName, limit, namespace, owner, null);
    }

    /**
     * A page of the datasets that existed at the instant, in their state then. Names and owners never
     * change, so the page walks the current table in name order and looks up each row's state.
     */
    public List<DatasetView> page(String afterName, int limit, String namespace, String owner, AsOf asOf) {
        MapSqlParameterSource p = (asOf == null ? new MapSqlParameterSource() : Temporal.at(asOf))
                .addValue("limit", limit).addValue("after", afterName).addValue("namespace", namespace)
                .addValue("owner", owner);
        String from = asOf == null ? "rm_dataset d"
                : "rm_dataset d CROSS JOIN LATERAL " + Temporal.stateOf("rm_dataset", DATASET_COLUMNS,
                "h.name = d.name", asOf) + " s";
        String columns = asOf == null ? DATASET_COLUMNS : "s.*";
        return jdbc.query("SELECT " + columns + " FROM " + from + " WHERE (CAST(:after AS VARCHAR) IS NULL "
                + "OR d.name > :after) AND " + FILTER + " ORDER BY d.name LIMIT :limit", p, datasetRow(asOf));
    }

    public int count(String namespace, String owner) {
        return count(namespace, owner, null);
    }

    public int count(String namespace, String owner, AsOf asOf) {
        MapSqlParameterSource p = (asOf == null ? new MapSqlParameterSource() : Temporal.at(asOf))
                .addValue("namespace", namespace).addValue("owner", owner);
        String existed = asOf == null ? "" : " AND EXISTS (SELECT 1 FROM rm_dataset_history h WHERE h.name = d.name "
                + "AND h." + asOf.pick("recorded_from", "event_from") + " <= :" + Temporal.AT + ")";
        Integer n = jdbc.queryForObject("SELECT count(*) FROM rm_dataset d WHERE " + FILTER + existed, p,
                Integer.class);
        return n == null ? 0 : n;
    }

    public Optional<DatasetVersionView> findVersion(String dataset, String version) {
        return findVersion(dataset, version, null);
    }

    public Optional<DatasetVersionView> findVersion(String dataset, String version, AsOf asOf) {
        return findVersions(List.of(Map.entry(dataset, version)), asOf).stream().findFirst();
    }

    /**
     * For each dataset, its newest {@code limit} versions registered before {@code after} (all when null),
     * newest first, on the {@code (dataset, registered_position, version)} index of V42.
     */
    public List<DatasetVersionView> versionPages(Collection<String> datasets, VersionCursor after, int limit, AsOf asOf) {
        if (datasets.isEmpty()) {
            return List.of();
        }
        MapSqlParameterSource params = (asOf == null ? new MapSqlParameterSource() : Temporal.at(asOf))
                .addValue("datasets", datasets).addValue("limit", limit)
                .addValue("beforePosition", after == null ? Long.MAX_VALUE : after.position())
                .addValue("beforeVersion", after == null ? "" : after.version());
        String page = asOf == null
                ? "SELECT " + Temporal.qualified("v", VERSION_COLUMNS) + " FROM rm_dataset_version v"
                : "SELECT s.* FROM rm_dataset_version v CROSS JOIN LATERAL " + Temporal.stateOf("rm_dataset_version",
                VERSION_COLUMNS, "h.dataset = v.dataset AND h.version = v.version", asOf) + " s";
        return jdbc.query("SELECT p.* FROM rm_dataset d CROSS JOIN LATERAL (" + page + " WHERE v.dataset = d.name "
                        + "AND (v.registered_position, v.version) < (:beforePosition, :beforeVersion) "
                        + "ORDER BY v.registered_position DESC, v.version DESC LIMIT :limit) p WHERE d.name IN (:datasets)",
                params, versionRow(asOf));
    }

    /** Where a page of a dataset's versions resumes: after the version registered at this position with this label. */
    public record VersionCursor(long position, String version) {

        public static VersionCursor parse(String cursor) {
            int colon = cursor.indexOf(':');
            return new VersionCursor(Long.parseLong(cursor.substring(0, colon)), cursor.substring(colon + 1));
        }

        public static String of(DatasetVersionView v) {
            return v.registeredPosition() + ":" + v.version();
        }
    }

    /** Versions named by (dataset, version) pairs, in one query: feeds batch loaders of fields that point at versions. */
    public List<DatasetVersionView> findVersions(Collection<Map.Entry<String, String>> keys) {
        return findVersions(keys, null);
    }

    public List<DatasetVersionView> findVersions(Collection<Map.Entry<String, String>> keys, AsOf asOf) {
        if (keys.isEmpty()) {
            return List.of();
        }
        if (asOf == null) {
            List<Object[]> pairs = keys.stream().distinct().map(k -> new Object[]{k.getKey(), k.getValue()}).toList();
            return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_dataset_version WHERE (dataset, version) IN (:pairs)",
                    new MapSqlParameterSource("pairs", pairs), versionRow(null));
        }
        return jdbc.query(Temporal.statesOf("rm_dataset_version", VERSION_COLUMNS, VERSION_KEY, asOf),
                Temporal.keys(asOf, keys, Map.Entry::getKey, Map.Entry::getValue), versionRow(asOf));
    }

    private List<DatasetVersionView.SchemaFieldView> schema(ResultSet rs) throws SQLException {
        try {
            return json.readValue(rs.getString("schema_fields"), new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable schema_fields", e);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode tree(String value) throws SQLException {
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable json column", e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
