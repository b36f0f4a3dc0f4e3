package io.custody.query.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.query.mlflow.MlflowViews.Dataset;
import io.custody.query.mlflow.MlflowViews.DatasetInput;
import io.custody.query.mlflow.MlflowViews.Experiment;
import io.custody.query.mlflow.MlflowViews.KeyValue;
import io.custody.query.mlflow.MlflowViews.Metric;
import io.custody.query.mlflow.MlflowViews.Page;
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
                    new Dataset(rs.getString(2), mlflowDigest(rs.getString(4)), "custody",
                            rs.getString(2) + "@" + rs.getString(3))));
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

    /** An MLflow client's own digest is answered as it sent it; a SHA-256 digest with its kind. */
    private static String mlflowDigest(String digest) {
        return digest != null && digest.startsWith("mlflow:") ? digest.substring("mlflow:".length()) : digest;
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

    static <T> Page<T> page(List<T> found, int limit, int offset) {
        if (found.size() > limit) {
            return new Page<>(List.copyOf(found.subList(0, limit)), offset + limit);
        }
        return new Page<>(found, null);
    }
}
