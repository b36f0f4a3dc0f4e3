package io.custody.query.model;

import com.fasterxml.jackson.core.type.TypeReference;
import io.custody.query.support.JsonColumns;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads the model read model. */
@Repository
public class ModelRepository {

    private static final String MODEL_COLUMNS = "name, owner, domain, risk_tier, description, version_count, "
            + "registered_at, registered_by, recorded_at, last_position";
    private static final String VERSION_COLUMNS = "model, version, run, artifact_uri, artifact_digest, input_signature, "
            + "description, archived, archived_reason, archived_at, archived_by, registered_at, registered_by, "
            + "recorded_at, last_position";
    private static final String FILTER = "(CAST(:owner AS VARCHAR) IS NULL OR owner = :owner) "
            + "AND (CAST(:domain AS VARCHAR) IS NULL OR domain = :domain)";
    private static final TypeReference<List<ValidationView.CheckView>> CHECKS = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;
    private final RowMapper<ModelView> modelRow = (rs, i) -> new ModelView(rs.getString("name"), rs.getString("owner"),
            rs.getString("domain"), rs.getString("risk_tier"), rs.getString("description"), rs.getInt("version_count"),
            rs.getObject("registered_at", OffsetDateTime.class), rs.getString("registered_by"),
            rs.getObject("recorded_at", OffsetDateTime.class), rs.getLong("last_position"));
    private final RowMapper<ModelVersionView> versionRow = (rs, i) -> new ModelVersionView(rs.getString("model"),
            rs.getInt("version"), rs.getString("run"), rs.getString("artifact_uri"), rs.getString("artifact_digest"),
            rs.getString("input_signature"), rs.getString("description"), rs.getBoolean("archived"),
            rs.getString("archived_reason"), rs.getObject("archived_at", OffsetDateTime.class),
            rs.getString("archived_by"), rs.getObject("registered_at", OffsetDateTime.class),
            rs.getString("registered_by"), rs.getObject("recorded_at", OffsetDateTime.class),
            rs.getLong("last_position"));
    private final RowMapper<ValidationView> validationRow;
    private final RowMapper<ApprovalView> approvalRow = (rs, i) -> new ApprovalView(rs.getString("model"),
            rs.getInt("version"), rs.getString("approver"), rs.getString("role"), rs.getString("comment"),
            rs.getObject("approved_at", OffsetDateTime.class), rs.getString("recorded_by"),
            rs.getObject("recorded_at", OffsetDateTime.class), rs.getLong("position"));
    private final RowMapper<AliasView> aliasRow = (rs, i) -> new AliasView(rs.getString("model"), rs.getString("alias"),
            rs.getInt("version"), rs.getObject("changed_at", OffsetDateTime.class), rs.getString("changed_by"),
            rs.getLong("position"));

    ModelRepository(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
        this.validationRow = (rs, i) -> new ValidationView(rs.getString("model"), rs.getInt("version"),
                json.read(rs.getString("metrics")), checks(rs.getString("checks")), rs.getBoolean("passed"),
                rs.getString("validated_by"), rs.getObject("validated_at", OffsetDateTime.class),
                rs.getString("recorded_by"), rs.getObject("recorded_at", OffsetDateTime.class), rs.getLong("position"));
    }

    public Optional<ModelView> find(String name) {
        return findAll(List.of(name)).stream().findFirst();
    }

    public List<ModelView> findAll(Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + MODEL_COLUMNS + " FROM rm_model WHERE name IN (:names)",
                new MapSqlParameterSource("names", names), modelRow);
    }

    /** Keyset page ordered by name: stable under concurrent inserts, unlike OFFSET. */
    public List<ModelView> page(String afterName, int limit, String owner, String domain) {
        MapSqlParameterSource p = filters(owner, domain).addValue("after", afterName).addValue("limit", limit);
        return jdbc.query("SELECT " + MODEL_COLUMNS + " FROM rm_model WHERE (CAST(:after AS VARCHAR) IS NULL "
                + "OR name > :after) AND " + FILTER + " ORDER BY name LIMIT :limit", p, modelRow);
    }

    public int count(String owner, String domain) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM rm_model WHERE " + FILTER, filters(owner, domain),
                Integer.class);
        return n == null ? 0 : n;
    }

    public Optional<ModelVersionView> findVersion(String model, int version) {
        return findVersions(List.of(new ModelVersionKey(model, version))).stream().findFirst();
    }

    /** Many versions in one query: feeds the batch loaders of fields that point at a model version. */
    public List<ModelVersionView> findVersions(Collection<ModelVersionKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_model_version WHERE (model, version) IN (:keys)",
                new MapSqlParameterSource("keys", pairs(keys)), versionRow);
    }

    /** All versions of many models, newest first. */
    public List<ModelVersionView> versionsOf(Collection<String> models) {
        if (models.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_model_version WHERE model IN (:models) "
                + "ORDER BY model, version DESC", new MapSqlParameterSource("models", models), versionRow);
    }

    /** The versions built by each of many runs. */
    public List<ModelVersionView> versionsBuiltBy(Collection<String> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_model_version WHERE run IN (:runs) "
                + "ORDER BY model, version", new MapSqlParameterSource("runs", runs), versionRow);
    }

    /** Validations of many versions, oldest first. */
    public List<ValidationView> validationsOf(Collection<ModelVersionKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT model, version, position, metrics, checks, passed, validated_by, validated_at, "
                        + "recorded_by, recorded_at FROM rm_model_validation WHERE (model, version) IN (:keys) "
                        + "ORDER BY position", new MapSqlParameterSource("keys", pairs(keys)), validationRow);
    }

    /** Approvals of many versions, oldest first. */
    public List<ApprovalView> approvalsOf(Collection<ModelVersionKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT model, version, position, approver, role, comment, approved_at, recorded_by, "
                        + "recorded_at FROM rm_model_approval WHERE (model, version) IN (:keys) ORDER BY position",
                new MapSqlParameterSource("keys", pairs(keys)), approvalRow);
    }

    /** The aliases of many models that point at a version now, by alias name. */
    public List<AliasView> aliasesOf(Collection<String> models) {
        if (models.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT model, alias, version, changed_at, changed_by, position FROM rm_model_alias "
                        + "WHERE model IN (:models) AND version IS NOT NULL ORDER BY model, alias",
                new MapSqlParameterSource("models", models), aliasRow);
    }

    private static MapSqlParameterSource filters(String owner, String domain) {
        return new MapSqlParameterSource("owner", owner).addValue("domain", domain);
    }

    private static List<Object[]> pairs(Collection<ModelVersionKey> keys) {
        return keys.stream().distinct().map(k -> new Object[]{k.model(), k.version()}).toList();
    }

    private List<ValidationView.CheckView> checks(String value) throws SQLException {
        if (value == null) {
            return List.of();
        }
        try {
            return json.mapper().readValue(value, CHECKS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("unreadable checks column", e);
        }
    }
}
