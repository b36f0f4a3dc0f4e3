package io.custody.query.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.query.mlflow.MlflowViews.Alias;
import io.custody.query.mlflow.MlflowViews.Dataset;
import io.custody.query.mlflow.MlflowViews.DatasetInput;
import io.custody.query.mlflow.MlflowViews.Experiment;
import io.custody.query.mlflow.MlflowViews.KeyValue;
import io.custody.query.mlflow.MlflowViews.Metric;
import io.custody.query.mlflow.MlflowViews.ModelVersion;
import io.custody.query.mlflow.MlflowViews.Page;
import io.custody.query.mlflow.MlflowViews.RegisteredModel;
import io.custody.query.mlflow.MlflowViews.Run;
import io.custody.query.mlflow.MlflowViews.RunData;
import io.custody.query.mlflow.MlflowViews.RunInfo;
import io.custody.query.mlflow.MlflowViews.RunInputs;
import io.custody.query.mlflow.SearchFilter.Order;
import io.custody.query.support.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code rm_ml_*} read model in MLflow's shapes, for /api/2.0/mlflow/. */
@Component
public class MlflowQueries {

    /** The read model (processing group) keeping every table these queries read: all an MLflow client observes. */
    public static final String READ_MODEL = MlflowProjection.GROUP;

    private static final String EXPERIMENT_COLUMNS = "id, name, artifact_location, lifecycle_stage, creation_time, "
            + "last_update_time, tags";
    private static final String RUN_COLUMNS = "r.run_id, r.experiment_id, r.run_name, r.user_id, r.status, "
            + "r.start_time, r.end_time, r.lifecycle_stage, e.artifact_location";
    private static final String VERSION_COLUMNS = "v.name, v.version, v.creation_timestamp, v.last_updated_timestamp, "
            + "v.user_id, v.current_stage, v.description, v.source, v.run_id";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;

    MlflowQueries(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // ---- experiments

    public Optional<Experiment> experiment(String id) {
        return jdbc.query("SELECT " + EXPERIMENT_COLUMNS + " FROM rm_ml_experiment WHERE id = ?",
                (rs, n) -> experiment(rs), id).stream().findFirst();
    }

    /** The live experiment of that name, else the most recently deleted one, as MLflow answers get-by-name. */
    public Optional<Experiment> experimentNamed(String name) {
        return jdbc.query("SELECT " + EXPERIMENT_COLUMNS + " FROM rm_ml_experiment WHERE name = ? "
                        + "ORDER BY lifecycle_stage = 'active' DESC, last_update_time DESC LIMIT 1",
                (rs, n) -> experiment(rs), name).stream().findFirst();
    }

    /** Experiments in the given lifecycle stages whose name is LIKE {@code namePattern} (null: any). */
    public Page<Experiment> experiments(List<String> stages, String namePattern, boolean byNameAscending, int limit,
                                        int offset) {
        List<Experiment> found = jdbc.query("SELECT " + EXPERIMENT_COLUMNS + " FROM rm_ml_experiment "
                        + "WHERE lifecycle_stage = ANY (?) AND (CAST(? AS TEXT) IS NULL OR name ILIKE ?) ORDER BY "
                        + (byNameAscending ? "name ASC, id ASC" : "last_update_time DESC, id ASC") + " LIMIT ? OFFSET ?",
                (rs, n) -> experiment(rs), stages.toArray(String[]::new), namePattern, namePattern, limit + 1, offset);
        return page(found, limit, offset);
    }

    private Experiment experiment(ResultSet rs) throws SQLException {
        List<KeyValue> tags = new ArrayList<>();
        JsonNode node = json.read(rs.getString("tags"));
        node.fields().forEachRemaining(e -> tags.add(new KeyValue(e.getKey(), e.getValue().asText())));
        tags.sort(Comparator.comparing(KeyValue::key));
        return new Experiment(rs.getString("id"), rs.getString("name"), rs.getString("artifact_location"),
                rs.getString("lifecycle_stage"), rs.getLong("last_update_time"), rs.getLong("creation_time"), tags);
    }

    // ---- runs

    public Optional<Run> run(String runId) {
        return runs(List.of(runId)).stream().findFirst();
    }

    /** Whether the run is in the read model (it may not be an MLflow run, but every run is answered). */
    public Optional<RunInfo> runInfo(String runId) {
        return jdbc.query("SELECT " + RUN_COLUMNS + " FROM rm_ml_run r LEFT JOIN rm_ml_experiment e ON e.id = r.experiment_id"
                + " WHERE r.run_id = ?", (rs, n) -> runInfo(rs), runId).stream().findFirst();
    }

    /** One page of a run search; {@code filter} and {@code orders} come from {@link SearchFilterParser}. */
    public Page<Run> searchRuns(List<String> experimentIds, List<String> stages, SearchFilter filter, List<Order> orders,
                                int limit, int offset) {
        RunSearchSql search = RunSearchSql.of(experimentIds, stages, filter, orders, limit + 1, offset);
        List<String> ids = jdbc.queryForList(search.sql, String.class, search.args.toArray());
        Page<String> page = page(ids, limit, offset);
        return new Page<>(runs(page.items()), page.nextOffset());
    }

    /** The runs with these ids, in this order, with their parameters, tags, latest metrics and inputs. */
    public List<Run> runs(List<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        String[] ids = runIds.toArray(String[]::new);
        Map<String, RunInfo> infos = new HashMap<>();
        jdbc.query("SELECT " + RUN_COLUMNS + " FROM rm_ml_run r LEFT JOIN rm_ml_experiment e ON e.id = r.experiment_id "
                + "WHERE r.run_id = ANY (?)", rs -> {
            RunInfo info = runInfo(rs);
            infos.put(info.runId(), info);
        }, (Object) ids);
        Map<String, List<KeyValue>> params = keyValues("SELECT run_id, key, value FROM rm_ml_run_param "
                + "WHERE run_id = ANY (?) ORDER BY key", ids);
        Map<String, List<KeyValue>> tags = keyValues("SELECT run_id, key, value FROM rm_ml_run_tag "
                + "WHERE run_id = ANY (?) ORDER BY key", ids);
        Map<String, List<Metric>> metrics = new HashMap<>();
        jdbc.query("SELECT run_id, key, value, timestamp, step FROM rm_ml_run_latest_metric WHERE run_id = ANY (?) "
                + "ORDER BY key", rs -> {
            metrics.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Metric(rs.getString(2),
                    rs.getDouble(3), rs.getLong(4), rs.getLong(5)));
        }, (Object) ids);
        Map<String, List<DatasetInput>> inputs = new HashMap<>();
        jdbc.query("SELECT run_id, dataset, version, digest FROM rm_ml_run_input WHERE run_id = ANY (?) "
                + "ORDER BY position, dataset, version", rs -> {
            inputs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new DatasetInput(
                    List.of(new KeyValue("custody.dataset.version", rs.getString(3))),
                    new Dataset(rs.getString(2), rs.getString(4), "custody", rs.getString(2) + "@" + rs.getString(3))));
        }, (Object) ids);
        List<Run> runs = new ArrayList<>();
        for (String id : runIds) {
            RunInfo info = infos.get(id);
            if (info != null) {
                runs.add(new Run(info, new RunData(metrics.getOrDefault(id, List.of()), params.getOrDefault(id, List.of()),
                        tags.getOrDefault(id, List.of())), new RunInputs(inputs.getOrDefault(id, List.of()))));
            }
        }
        return runs;
    }

    private Map<String, List<KeyValue>> keyValues(String sql, String[] ids) {
        Map<String, List<KeyValue>> found = new HashMap<>();
        jdbc.query(sql, rs -> {
            found.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new KeyValue(rs.getString(2),
                    rs.getString(3)));
        }, (Object) ids);
        return found;
    }

    private static RunInfo runInfo(ResultSet rs) throws SQLException {
        String id = rs.getString("run_id");
        String location = rs.getString("artifact_location");
        long end = rs.getLong("end_time");
        return new RunInfo(id, id, rs.getString("run_name"), rs.getString("experiment_id"), rs.getString("user_id"),
                rs.getString("status"), rs.getLong("start_time"), rs.wasNull() || end == 0 ? null : end,
                location == null ? null : location + "/" + id + "/artifacts", rs.getString("lifecycle_stage"));
    }

    /** Every observation of one metric of a run, in the order they were logged. */
    public Page<Metric> metricHistory(String runId, String key, int limit, int offset) {
        List<Metric> found = jdbc.query("SELECT key, value, timestamp, step FROM rm_ml_run_metric WHERE run_id = ? "
                        + "AND key = ? ORDER BY position, ordinal LIMIT ? OFFSET ?",
                (rs, n) -> new Metric(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4)),
                runId, key, limit + 1, offset);
        return page(found, limit, offset);
    }

    // ---- registry

    public Optional<RegisteredModel> registeredModel(String name) {
        return registeredModels("WHERE name = ?", List.of(name), 1, 0).items().stream().findFirst();
    }

    /** Registered models whose name is LIKE {@code namePattern} (null: all), by name. */
    public Page<RegisteredModel> registeredModels(String namePattern, int limit, int offset) {
        return namePattern == null ? registeredModels("", List.of(), limit, offset)
                : registeredModels("WHERE name ILIKE ?", List.of(namePattern), limit, offset);
    }

    private Page<RegisteredModel> registeredModels(String where, List<Object> whereArgs, int limit, int offset) {
        List<Object> args = new ArrayList<>(whereArgs);
        args.add(limit + 1);
        args.add(offset);
        List<Object[]> rows = jdbc.query("SELECT name, creation_timestamp, last_updated_timestamp, user_id, description "
                        + "FROM rm_ml_registered_model " + where + " ORDER BY name LIMIT ? OFFSET ?",
                (rs, n) -> new Object[]{rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)},
                args.toArray());
        Page<Object[]> page = page(rows, limit, offset);
        List<RegisteredModel> models = new ArrayList<>();
        for (Object[] row : page.items()) {
            String name = (String) row[0];
            models.add(new RegisteredModel(name, (Long) row[1], (Long) row[2], (String) row[3], (String) row[4],
                    latestVersions(name, List.of()), aliases(name)));
        }
        return new Page<>(models, page.nextOffset());
    }

    private List<Alias> aliases(String name) {
        return jdbc.query("SELECT alias, version FROM rm_ml_model_alias WHERE name = ? ORDER BY alias",
                (rs, n) -> new Alias(rs.getString(1), String.valueOf(rs.getInt(2))), name);
    }

    public Optional<ModelVersion> modelVersion(String name, int version) {
        return versions("WHERE v.name = ? AND v.version = ?", List.of(name, version), 1, 0).items().stream().findFirst();
    }

    public Optional<ModelVersion> modelVersionByAlias(String name, String alias) {
        return versions("JOIN rm_ml_model_alias a ON a.name = v.name AND a.version = v.version WHERE v.name = ? "
                + "AND a.alias = ?", List.of(name, alias), 1, 0).items().stream().findFirst();
    }

    /** Versions of a model ({@code name} null: any), of a run ({@code runId} null: any), newest first. */
    public Page<ModelVersion> modelVersions(String name, String runId, int limit, int offset) {
        return versions("WHERE (CAST(? AS TEXT) IS NULL OR v.name = ?) AND (CAST(? AS TEXT) IS NULL OR v.run_id = ?)",
                java.util.Arrays.asList(name, name, runId, runId), limit, offset);
    }

    /** The newest version in each stage (all stages when {@code stages} is empty), as get-latest-versions answers. */
    public List<ModelVersion> latestVersions(String name, List<String> stages) {
        List<ModelVersion> all = versions("WHERE v.name = ?", List.of(name), Integer.MAX_VALUE - 1, 0).items();
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
        List<ModelVersion> found = jdbc.query("SELECT " + VERSION_COLUMNS + ", (SELECT array_agg(a.alias ORDER BY a.alias) "
                        + "FROM rm_ml_model_alias a WHERE a.name = v.name AND a.version = v.version) AS aliases "
                        + "FROM rm_ml_model_version v " + where + " ORDER BY v.name, v.version DESC LIMIT ? OFFSET ?",
                (rs, n) -> {
                    java.sql.Array aliases = rs.getArray("aliases");
                    return new ModelVersion(rs.getString("name"), String.valueOf(rs.getInt("version")),
                            rs.getLong("creation_timestamp"), rs.getLong("last_updated_timestamp"), rs.getString("user_id"),
                            rs.getString("current_stage"), rs.getString("description"), rs.getString("source"),
                            rs.getString("run_id"), "READY",
                            aliases == null ? List.of() : List.of((String[]) aliases.getArray()));
                }, args.toArray());
        return page(found, limit, offset);
    }

    private static <T> Page<T> page(List<T> found, int limit, int offset) {
        if (found.size() > limit) {
            return new Page<>(List.copyOf(found.subList(0, limit)), offset + limit);
        }
        return new Page<>(found, null);
    }
}
