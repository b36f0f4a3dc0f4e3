package io.custody.query.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.query.mlflow.MlflowViews.Alias;
import io.custody.query.mlflow.MlflowViews.KeyValue;
import io.custody.query.mlflow.MlflowViews.ModelVersion;
import io.custody.query.mlflow.MlflowViews.Page;
import io.custody.query.mlflow.MlflowViews.RegisteredModel;
import io.custody.query.mlflow.RegistryFilter.Clause;
import io.custody.query.support.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads MLflow's registry from the {@code rm_ml_*} read model. Models are found by the name MLflow clients know
 * them by ({@code mlflow_name}: their identity until a rename) and answered under it, versions and aliases too.
 */
@Component
public class MlflowRegistryQueries {

    private static final String MODEL_TAGS = "(SELECT json_agg(json_build_object('key', t.key, 'value', t.value) "
            + "ORDER BY t.key) FROM rm_ml_registered_model_tag t WHERE t.name = m.name) AS tags";
    private static final String VERSION_COLUMNS = "m.mlflow_name, v.version, v.creation_timestamp, "
            + "v.last_updated_timestamp, v.user_id, v.current_stage, v.description, v.source, v.run_id, "
            + "(SELECT array_agg(a.alias ORDER BY a.alias) FROM rm_ml_model_alias a WHERE a.name = v.name "
            + "AND a.version = v.version) AS aliases, "
            + "(SELECT json_agg(json_build_object('key', t.key, 'value', t.value) ORDER BY t.key) "
            + "FROM rm_ml_model_version_tag t WHERE t.name = v.name AND t.version = v.version) AS tags";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;

    MlflowRegistryQueries(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<RegisteredModel> registeredModel(String name) {
        return registeredModels("WHERE m.mlflow_name = ?", List.of(name), 1, 0).items().stream().findFirst();
    }

    /** Registered models matching the filter (on the name and tags), by name. */
    public Page<RegisteredModel> registeredModels(RegistryFilter filter, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args, "m.name", null);
        return registeredModels(where, args, limit, offset);
    }

    private Page<RegisteredModel> registeredModels(String where, List<Object> whereArgs, int limit, int offset) {
        List<Object> args = new ArrayList<>(whereArgs);
        args.add(limit + 1);
        args.add(offset);
        List<Object[]> rows = jdbc.query("SELECT m.name, m.mlflow_name, m.creation_timestamp, m.last_updated_timestamp, "
                        + "m.user_id, m.description, " + MODEL_TAGS + " FROM rm_ml_registered_model m " + where
                        + " ORDER BY m.mlflow_name LIMIT ? OFFSET ?",
                (rs, n) -> new Object[]{rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), tags(rs.getString(7))}, args.toArray());
        Page<Object[]> page = MlflowQueries.page(rows, limit, offset);
        List<RegisteredModel> models = new ArrayList<>();
        for (Object[] row : page.items()) {
            String name = (String) row[1];
            @SuppressWarnings("unchecked")
            List<KeyValue> tags = (List<KeyValue>) row[6];
            models.add(new RegisteredModel(name, (Long) row[2], (Long) row[3], (String) row[4], (String) row[5],
                    latestVersions(name, List.of()), aliases((String) row[0]), tags));
        }
        return new Page<>(models, page.nextOffset());
    }

    private List<Alias> aliases(String model) {
        return jdbc.query("SELECT alias, version FROM rm_ml_model_alias WHERE name = ? ORDER BY alias",
                (rs, n) -> new Alias(rs.getString(1), String.valueOf(rs.getInt(2))), model);
    }

    public Optional<ModelVersion> modelVersion(String name, int version) {
        return versions("WHERE m.mlflow_name = ? AND v.version = ?", List.of(name, version), 1, 0).items().stream()
                .findFirst();
    }

    public Optional<ModelVersion> modelVersionByAlias(String name, String alias) {
        return versions("JOIN rm_ml_model_alias a ON a.name = v.name AND a.version = v.version WHERE m.mlflow_name = ? "
                + "AND a.alias = ?", List.of(name, alias), 1, 0).items().stream().findFirst();
    }

    /** Versions matching the filter (on the model's name, the run id and tags), newest first within a model. */
    public Page<ModelVersion> modelVersions(RegistryFilter filter, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args, "v.name", "v.version");
        return versions(where, args, limit, offset);
    }

    /** The newest version in each stage (all stages when {@code stages} is empty), as get-latest-versions answers. */
    public List<ModelVersion> latestVersions(String name, List<String> stages) {
        List<ModelVersion> all = versions("WHERE m.mlflow_name = ?", List.of(name), Integer.MAX_VALUE - 1, 0).items();
        Map<String, ModelVersion> newest = new LinkedHashMap<>();
        for (ModelVersion version : all) {
            boolean wanted = stages.isEmpty() || stages.stream().anyMatch(s -> s.equalsIgnoreCase(version.currentStage()));
            if (wanted) {
                newest.putIfAbsent(version.currentStage(), version);
            }
        }
        return newest.values().stream().sorted(Comparator.comparing(v -> Integer.parseInt(v.version()))).toList();
    }

    private Page<ModelVersion> versions(String where, List<Object> whereArgs, int limit, int offset) {
        List<Object> args = new ArrayList<>(whereArgs);
        args.add(limit + 1);
        args.add(offset);
        List<ModelVersion> found = jdbc.query("SELECT " + VERSION_COLUMNS + " FROM rm_ml_model_version v "
                        + "JOIN rm_ml_registered_model m ON m.name = v.name " + where
                        + " ORDER BY m.mlflow_name, v.version DESC LIMIT ? OFFSET ?",
                (rs, n) -> {
                    java.sql.Array aliases = rs.getArray("aliases");
                    return new ModelVersion(rs.getString("mlflow_name"), String.valueOf(rs.getInt("version")),
                            rs.getLong("creation_timestamp"), rs.getLong("last_updated_timestamp"), rs.getString("user_id"),
                            rs.getString("current_stage"), rs.getString("description"), rs.getString("source"),
                            rs.getString("run_id"), "READY",
                            aliases == null ? List.of() : List.of((String[]) aliases.getArray()), tags(rs.getString("tags")));
                }, args.toArray());
        return MlflowQueries.page(found, limit, offset);
    }

    /**
     * The WHERE clause of a filter over models ({@code version} null) or versions: the name is the one MLflow clients
     * know, a tag clause holds when the tag exists with a value that compares so (MLflow's rule).
     */
    private static String where(RegistryFilter filter, List<Object> args, String model, String version) {
        List<String> conditions = new ArrayList<>();
        for (Clause clause : filter.clauses()) {
            String op = RegistryFilter.SQL.get(clause.comparator());
            switch (clause.field()) {
                case NAME -> conditions.add("m.mlflow_name " + op + " ?");
                case RUN_ID -> conditions.add("v.run_id " + op + " ?");
                case TAG -> {
                    conditions.add(version == null
                            ? "EXISTS (SELECT 1 FROM rm_ml_registered_model_tag t WHERE t.name = " + model
                                    + " AND t.key = ? AND t.value " + op + " ?)"
                            : "EXISTS (SELECT 1 FROM rm_ml_model_version_tag t WHERE t.name = " + model
                                    + " AND t.version = " + version + " AND t.key = ? AND t.value " + op + " ?)");
                    args.add(clause.key());
                }
            }
            args.add(clause.value());
        }
        return conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
    }

    private List<KeyValue> tags(String column) throws SQLException {
        if (column == null) {
            return List.of();
        }
        List<KeyValue> tags = new ArrayList<>();
        for (JsonNode tag : json.read(column)) {
            tags.add(new KeyValue(tag.get("key").asText(), tag.get("value").asText()));
        }
        return tags;
    }
}
