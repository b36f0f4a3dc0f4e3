package io.custody.query.model;

import com.fasterxml.jackson.core.type.TypeReference;
import io.custody.query.support.AsOf;
import io.custody.query.support.JsonColumns;
import io.custody.query.support.Temporal;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads the model read model: the current-state tables when no instant is given, else their history
 * tables as of the instant (see {@link Temporal}). Validations and approvals are facts of one event
 * each, filtered by the time they were recorded (or happened).
 */
@Repository
public class ModelRepository {

    private static final String MODEL_COLUMNS = "name, owner, domain, risk_tier, description, version_count, "
            + "registered_at, registered_by, recorded_at, last_position, deleted_at, deleted_by, mlflow_name";
    private static final String VERSION_COLUMNS = "model, version, run, artifact_uri, artifact_digest, input_signature, "
            + "description, archived, archived_reason, archived_at, archived_by, registered_at, registered_by, "
            + "recorded_at, last_position";
    private static final String ALIAS_COLUMNS = "model, alias, version, changed_at, changed_by, position";
    private static final List<Temporal.Key> MODEL_KEY = List.of(Temporal.Key.text("name"));
    private static final List<Temporal.Key> VERSION_KEY = List.of(Temporal.Key.text("model"),
            Temporal.Key.integer("version"));
    private static final String FILTER = "(CAST(:owner AS VARCHAR) IS NULL OR m.owner = :owner) "
            + "AND (CAST(:domain AS VARCHAR) IS NULL OR m.domain = :domain)";
    private static final TypeReference<List<ValidationView.CheckView>> CHECKS = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;
    private final RowMapper<ValidationView> validationRow;
    private final RowMapper<ApprovalView> approvalRow = (rs, i) -> new ApprovalView(rs.getString("model"),
            rs.getInt("version"), rs.getString("approver"), rs.getString("role"), rs.getString("comment"),
            rs.getObject("approved_at", OffsetDateTime.class), rs.getString("recorded_by"),
            rs.getObject("recorded_at", OffsetDateTime.class), rs.getLong("position"));

    ModelRepository(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
        this.validationRow = (rs, i) -> new ValidationView(rs.getString("model"), rs.getInt("version"),
                json.read(rs.getString("metrics")), checks(rs.getString("checks")), rs.getBoolean("passed"),
                rs.getString("validated_by"), rs.getObject("validated_at", OffsetDateTime.class),
                rs.getString("recorded_by"), rs.getObject("recorded_at", OffsetDateTime.class), rs.getLong("position"));
    }

    private static RowMapper<ModelView> modelRow(AsOf asOf) {
        return (rs, i) -> new ModelView(rs.getString("name"), rs.getString("owner"), rs.getString("domain"),
                rs.getString("risk_tier"), rs.getString("description"), rs.getInt("version_count"),
                rs.getObject("registered_at", OffsetDateTime.class), rs.getString("registered_by"),
                rs.getObject("recorded_at", OffsetDateTime.class), rs.getLong("last_position"),
                rs.getObject("deleted_at", OffsetDateTime.class), rs.getString("deleted_by"), rs.getString("mlflow_name"),
                asOf);
    }

    private static RowMapper<ModelVersionView> versionRow(AsOf asOf) {
        return (rs, i) -> new ModelVersionView(rs.getString("model"), rs.getInt("version"), rs.getString("run"),
                rs.getString("artifact_uri"), rs.getString("artifact_digest"), rs.getString("input_signature"),
                rs.getString("description"), rs.getBoolean("archived"), rs.getString("archived_reason"),
                rs.getObject("archived_at", OffsetDateTime.class), rs.getString("archived_by"),
                rs.getObject("registered_at", OffsetDateTime.class), rs.getString("registered_by"),
                rs.getObject("recorded_at", OffsetDateTime.class), rs.getLong("last_position"), asOf);
    }

    private static RowMapper<AliasView> aliasRow(AsOf asOf) {
        return (rs, i) -> new AliasView(rs.getString("model"), rs.getString("alias"), rs.getInt("version"),
                rs.getObject("changed_at", OffsetDateTime.class), rs.getString("changed_by"), rs.getLong("position"),
                asOf);
    }

    public Optional<ModelView> find(String name) {
        return find(name, null);
    }

    public Optional<ModelView> find(String name, AsOf asOf) {
        return findAll(List.of(name), asOf).stream().findFirst();
    }

    public List<ModelView> findAll(Collection<String> names) {
        return findAll(names, null);
    }

    public List<ModelView> findAll(Collection<String> names, AsOf asOf) {
        if (names.isEmpty()) {
            return List.of();
        }
        if (asOf == null) {
            return jdbc.query("SELECT " + MODEL_COLUMNS + " FROM rm_model WHERE name IN (:names)",
                    new MapSqlParameterSource("names", names), modelRow(null));
        }
        return jdbc.query(Temporal.statesOf("rm_model", MODEL_COLUMNS, MODEL_KEY, asOf),
                Temporal.keys(asOf, names, n -> n), modelRow(asOf));
    }

    /** Keyset page ordered by name: stable under concurrent inserts, unlike OFFSET. */
    public List<ModelView> page(String afterName, int limit, String owner, String domain) {
        return page(afterName, limit, owner, domain, null);
    }

    /** A page of the models that existed at the instant, in their state then (owner and domain never change). */
    public List<ModelView> page(String afterName, int limit, String owner, String domain, AsOf asOf) {
        MapSqlParameterSource p = filters(owner, domain, asOf).addValue("after", afterName).addValue("limit", limit);
        String from = asOf == null ? "rm_model m"
                : "rm_model m CROSS JOIN LATERAL " + Temporal.stateOf("rm_model", MODEL_COLUMNS, "h.name = m.name", asOf)
                + " s";
        return jdbc.query("SELECT " + (asOf == null ? MODEL_COLUMNS : "s.*") + " FROM " + from
                + " WHERE (CAST(:after AS VARCHAR) IS NULL OR m.name > :after) AND " + FILTER
                + " ORDER BY m.name LIMIT :limit", p, modelRow(asOf));
    }

    public int count(String owner, String domain) {
        return count(owner, domain, null);
    }

    public int count(String owner, String domain, AsOf asOf) {
        String existed = asOf == null ? "" : " AND EXISTS (SELECT 1 FROM rm_model_history h WHERE h.name = m.name "
                + "AND h." + asOf.pick("recorded_from", "event_from") + " <= :" + Temporal.AT + ")";
        Integer n = jdbc.queryForObject("SELECT count(*) FROM rm_model m WHERE " + FILTER + existed,
                filters(owner, domain, asOf), Integer.class);
        return n == null ? 0 : n;
    }

    public Optional<ModelVersionView> findVersion(String model, int version) {
        return findVersion(model, version, null);
    }

    public Optional<ModelVersionView> findVersion(String model, int version, AsOf asOf) {
        return findVersions(List.of(new ModelVersionKey(model, version)), asOf).stream().findFirst();
    }

    /** Many versions in one query: feeds the batch loaders of fields that point at a model version. */
    public List<ModelVersionView> findVersions(Collection<ModelVersionKey> keys) {
        return findVersions(keys, null);
    }

    public List<ModelVersionView> findVersions(Collection<ModelVersionKey> keys, AsOf asOf) {
        if (keys.isEmpty()) {
            return List.of();
        }
        if (asOf == null) {
            return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_model_version WHERE (model, version) IN (:keys)",
                    new MapSqlParameterSource("keys", pairs(keys)), versionRow(null));
        }
        return jdbc.query(Temporal.statesOf("rm_model_version", VERSION_COLUMNS, VERSION_KEY, asOf),
                Temporal.keys(asOf, keys, ModelVersionKey::model, ModelVersionKey::version), versionRow(asOf));
    }

    /**
     * For each model, its newest {@code limit} versions numbered below {@code before} (all when null), newest
     * first: one backward range of the primary key per model, however many versions it has.
     */
    public List<ModelVersionView> versionPages(Collection<String> models, Integer before, int limit, AsOf asOf) {
        if (models.isEmpty()) {
            return List.of();
        }
        MapSqlParameterSource params = params(asOf).addValue("models", models)
                .addValue("before", before == null ? Integer.MAX_VALUE : before).addValue("limit", limit);
        String page = asOf == null
                ? "SELECT " + Temporal.qualified("v", VERSION_COLUMNS) + " FROM rm_model_version v"
                : "SELECT s.* FROM rm_model_version v CROSS JOIN LATERAL " + Temporal.stateOf("rm_model_version",
                VERSION_COLUMNS, "h.model = v.model AND h.version = v.version", asOf) + " s";
        return jdbc.query("SELECT p.* FROM rm_model m CROSS JOIN LATERAL (" + page + " WHERE v.model = m.name "
                        + "AND v.version < :before ORDER BY v.version DESC LIMIT :limit) p WHERE m.name IN (:models)",
                params, versionRow(asOf));
    }

    /** The versions built by each of many runs. */
    public List<ModelVersionView> versionsBuiltBy(Collection<String> runs) {
        return versionsBuiltBy(runs, null);
    }

    public List<ModelVersionView> versionsBuiltBy(Collection<String> runs, AsOf asOf) {
        if (runs.isEmpty()) {
            return List.of();
        }
        if (asOf == null) {
            return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_model_version WHERE run IN (:runs) "
                    + "ORDER BY model, version", new MapSqlParameterSource("runs", runs), versionRow(null));
        }
        return jdbc.query("SELECT s.* FROM rm_model_version v CROSS JOIN LATERAL "
                + Temporal.stateOf("rm_model_version", VERSION_COLUMNS, "h.model = v.model AND h.version = v.version",
                asOf) + " s WHERE v.run IN (:runs) ORDER BY s.model, s.version",
                Temporal.at(asOf).addValue("runs", runs), versionRow(asOf));
    }

    /** Validations of many versions, oldest first. */
    public List<ValidationView> validationsOf(Collection<ModelVersionKey> keys) {
        return validationsOf(keys, null);
    }

    /** Validations of many versions recorded (or made) by the instant, oldest first. */
    public List<ValidationView> validationsOf(Collection<ModelVersionKey> keys, AsOf asOf) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT model, version, position, metrics, checks, passed, validated_by, validated_at, "
                        + "recorded_by, recorded_at FROM rm_model_validation WHERE (model, version) IN (:keys)"
                        + until(asOf, "recorded_at", "validated_at") + " ORDER BY position",
                params(asOf).addValue("keys", pairs(keys)), validationRow);
    }

    /** For each version, the first {@code limit} validations after position {@code after} (from the first when null), oldest first. */
    public List<ValidationView> validationPages(Collection<ModelVersionKey> keys, Long after, int limit, AsOf asOf) {
        return perVersionPage("rm_model_validation", "model, version, position, metrics, checks, passed, "
                + "validated_by, validated_at, recorded_by, recorded_at", "validated_at", keys, after, limit, asOf,
                validationRow);
    }

    /** For each version, the first {@code limit} approvals after position {@code after} (from the first when null), oldest first. */
    public List<ApprovalView> approvalPages(Collection<ModelVersionKey> keys, Long after, int limit, AsOf asOf) {
        return perVersionPage("rm_model_approval", "model, version, position, approver, role, comment, approved_at, "
                + "recorded_by, recorded_at", "approved_at", keys, after, limit, asOf, approvalRow);
    }

    /**
     * A page of one of a version's child tables, keyed {@code (model, version, position)}: one range of that
     * key per version, recorded (or happened) by the instant.
     */
    private <T> List<T> perVersionPage(String table, String columns, String eventColumn,
                                       Collection<ModelVersionKey> keys, Long after, int limit, AsOf asOf,
                                       RowMapper<T> row) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT p.* FROM rm_model_version v CROSS JOIN LATERAL (SELECT "
                        + Temporal.qualified("c", columns) + " FROM " + table + " c WHERE c.model = v.model "
                        + "AND c.version = v.version AND c.position > :after"
                        + until(asOf, "c.recorded_at", "c." + eventColumn) + " ORDER BY c.position LIMIT :limit) p "
                        + "WHERE (v.model, v.version) IN (:keys)",
                params(asOf).addValue("keys", pairs(keys)).addValue("after", after == null ? -1L : after)
                        .addValue("limit", limit), row);
    }

    /** Approvals of many versions, oldest first. */
    public List<ApprovalView> approvalsOf(Collection<ModelVersionKey> keys) {
        return approvalsOf(keys, null);
    }

    /** Approvals of many versions recorded (or given) by the instant, oldest first. */
    public List<ApprovalView> approvalsOf(Collection<ModelVersionKey> keys, AsOf asOf) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT model, version, position, approver, role, comment, approved_at, recorded_by, "
                        + "recorded_at FROM rm_model_approval WHERE (model, version) IN (:keys)"
                        + until(asOf, "recorded_at", "approved_at") + " ORDER BY position",
                params(asOf).addValue("keys", pairs(keys)), approvalRow);
    }

    /** Every change of the aliases of many models, in the order they were recorded. */
    public List<AliasChangeView> aliasHistoryOf(Collection<String> models) {
        if (models.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT model, alias, version, changed_at, changed_by, position FROM rm_model_alias_history "
                        + "WHERE model IN (:models) ORDER BY model, valid_from_position, alias",
                new MapSqlParameterSource("models", models), (rs, i) -> new AliasChangeView(rs.getString("model"),
                        rs.getString("alias"), (Integer) rs.getObject("version"),
                        rs.getObject("changed_at", java.time.OffsetDateTime.class), rs.getString("changed_by"),
                        rs.getLong("position")));
    }

    /** The aliases of many models that point at a version now, by alias name. */
    public List<AliasView> aliasesOf(Collection<String> models) {
        return aliasesOf(models, null);
    }

    /** The aliases of many models that pointed at a version at the instant, by alias name. */
    public List<AliasView> aliasesOf(Collection<String> models, AsOf asOf) {
        if (models.isEmpty()) {
            return List.of();
        }
        if (asOf == null) {
            return jdbc.query("SELECT " + ALIAS_COLUMNS + " FROM rm_model_alias "
                            + "WHERE model IN (:models) AND version IS NOT NULL ORDER BY model, alias",
                    new MapSqlParameterSource("models", models), aliasRow(null));
        }
        return jdbc.query("SELECT s.* FROM rm_model_alias a CROSS JOIN LATERAL "
                + Temporal.stateOf("rm_model_alias", ALIAS_COLUMNS, "h.model = a.model AND h.alias = a.alias", asOf)
                + " s WHERE a.model IN (:models) AND s.version IS NOT NULL ORDER BY s.model, s.alias",
                Temporal.at(asOf).addValue("models", models), aliasRow(asOf));
    }

    private static String until(AsOf asOf, String recordedColumn, String eventColumn) {
        return asOf == null ? "" : " AND " + asOf.pick(recordedColumn, eventColumn) + " <= :" + Temporal.AT;
    }

    private static MapSqlParameterSource params(AsOf asOf) {
        return asOf == null ? new MapSqlParameterSource() : Temporal.at(asOf);
    }

    private static MapSqlParameterSource filters(String owner, String domain, AsOf asOf) {
        return params(asOf).addValue("owner", owner).addValue("domain", domain);
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
