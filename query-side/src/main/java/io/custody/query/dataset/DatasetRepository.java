package io.custody.query.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Reads the dataset read model. */
@Repository
public class DatasetRepository {

    private static final String DATASET_COLUMNS = "name, namespace, short_name, owner, description, tags, deprecated, "
            + "deprecation_reason, version_count, registered_at, registered_by, last_position";
    private static final String VERSION_COLUMNS = "dataset, version, location, digest, schema_fields, row_count, tags, "
            + "profile, produced_by_run, quarantined, quarantine_reason, quarantined_at, quarantined_by, registered_at, "
            + "registered_by, last_position";

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RowMapper<DatasetView> datasetRow = (rs, i) -> new DatasetView(rs.getString("name"),
            rs.getString("namespace"), rs.getString("short_name"), rs.getString("owner"), rs.getString("description"),
            strings(rs.getArray("tags")), rs.getBoolean("deprecated"), rs.getString("deprecation_reason"),
            rs.getInt("version_count"), rs.getObject("registered_at", OffsetDateTime.class),
            rs.getString("registered_by"), rs.getLong("last_position"));
    private final RowMapper<DatasetVersionView> versionRow;

    DatasetRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.versionRow = (rs, i) -> new DatasetVersionView(rs.getString("dataset"), rs.getString("version"),
                rs.getString("location"), rs.getString("digest"), schema(rs), (Long) rs.getObject("row_count"),
                strings(rs.getArray("tags")), tree(rs.getString("profile")), rs.getString("produced_by_run"),
                rs.getBoolean("quarantined"), rs.getString("quarantine_reason"),
                rs.getObject("quarantined_at", OffsetDateTime.class), rs.getString("quarantined_by"),
                rs.getObject("registered_at", OffsetDateTime.class), rs.getString("registered_by"),
                rs.getLong("last_position"));
    }

    public Optional<DatasetView> find(String name) {
        return jdbc.query("SELECT " + DATASET_COLUMNS + " FROM rm_dataset WHERE name = :name",
                new MapSqlParameterSource("name", name), datasetRow).stream().findFirst();
    }

    /** Keyset page ordered by name: stable under concurrent inserts, unlike OFFSET. */
    public List<DatasetView> page(String afterName, int limit, String namespace, String owner) {
        MapSqlParameterSource p = new MapSqlParameterSource("limit", limit)
                .addValue("after", afterName).addValue("namespace", namespace).addValue("owner", owner);
        return jdbc.query("SELECT " + DATASET_COLUMNS + " FROM rm_dataset "
                + "WHERE (CAST(:after AS VARCHAR) IS NULL OR name > :after) "
                + "AND (CAST(:namespace AS VARCHAR) IS NULL OR namespace = :namespace) "
                + "AND (CAST(:owner AS VARCHAR) IS NULL OR owner = :owner) "
                + "ORDER BY name LIMIT :limit", p, datasetRow);
    }

    public int count(String namespace, String owner) {
        MapSqlParameterSource p = new MapSqlParameterSource("namespace", namespace).addValue("owner", owner);
        Integer n = jdbc.queryForObject("SELECT count(*) FROM rm_dataset "
                + "WHERE (CAST(:namespace AS VARCHAR) IS NULL OR namespace = :namespace) "
                + "AND (CAST(:owner AS VARCHAR) IS NULL OR owner = :owner)", p, Integer.class);
        return n == null ? 0 : n;
    }

    public Optional<DatasetVersionView> findVersion(String dataset, String version) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_dataset_version "
                        + "WHERE dataset = :dataset AND version = :version",
                new MapSqlParameterSource("dataset", dataset).addValue("version", version), versionRow)
                .stream().findFirst();
    }

    /** All versions of many datasets in one query, newest first: feeds the batch loader of Dataset.versions. */
    public List<DatasetVersionView> versionsOf(Collection<String> datasets) {
        if (datasets.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_dataset_version WHERE dataset IN (:datasets) "
                + "ORDER BY dataset, registered_position DESC", new MapSqlParameterSource("datasets", datasets), versionRow);
    }

    /** Versions named by (dataset, version) pairs, in one query: feeds batch loaders of fields that point at versions. */
    public List<DatasetVersionView> findVersions(Collection<Map.Entry<String, String>> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Object[]> pairs = keys.stream().distinct().map(k -> new Object[]{k.getKey(), k.getValue()}).toList();
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_dataset_version WHERE (dataset, version) IN (:pairs)",
                new MapSqlParameterSource("pairs", pairs), versionRow);
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
