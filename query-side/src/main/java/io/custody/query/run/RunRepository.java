package io.custody.query.run;

import io.custody.query.support.JsonColumns;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads the run read model. */
@Repository
public class RunRepository {

    private static final String RUN_COLUMNS = "id, experiment, status, code_repository, code_commit, code_dirty, "
            + "hyperparameters, environment, started_by, started_at, recorded_by, recorded_at, ended_at, ended_by, "
            + "failure_reason, last_position";
    private static final String METRIC_COLUMNS = "run, name, value, step, measured_at, position, ordinal";

    private final NamedParameterJdbcTemplate jdbc;
    private final RowMapper<RunView> runRow;
    private final RowMapper<RunInputView> inputRow = (rs, i) -> new RunInputView(rs.getString("run"),
            rs.getInt("ordinal"), rs.getString("dataset"), rs.getString("version"), rs.getString("digest"));
    private final RowMapper<MetricView> metricRow = (rs, i) -> new MetricView(rs.getString("run"), rs.getString("name"),
            rs.getDouble("value"), rs.getLong("step"), rs.getObject("measured_at", OffsetDateTime.class),
            rs.getLong("position"), rs.getInt("ordinal"));
    private final RowMapper<ArtifactView> artifactRow = (rs, i) -> new ArtifactView(rs.getString("run"),
            rs.getString("name"), rs.getString("uri"), rs.getString("digest"),
            rs.getObject("logged_at", OffsetDateTime.class), rs.getString("logged_by"), rs.getLong("position"));

    RunRepository(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.runRow = (rs, i) -> new RunView(rs.getString("id"), rs.getString("experiment"), rs.getString("status"),
                code(rs), json.read(rs.getString("hyperparameters")),
                json.read(rs.getString("environment"), RunView.TrainingEnvironmentView.class),
                rs.getString("started_by"), rs.getObject("started_at", OffsetDateTime.class),
                rs.getString("recorded_by"), rs.getObject("recorded_at", OffsetDateTime.class),
                rs.getObject("ended_at", OffsetDateTime.class), rs.getString("ended_by"),
                rs.getString("failure_reason"), rs.getLong("last_position"));
    }

    public Optional<RunView> find(String id) {
        return jdbc.query("SELECT " + RUN_COLUMNS + " FROM rm_run WHERE id = :id", new MapSqlParameterSource("id", id),
                runRow).stream().findFirst();
    }

    /** Many runs in one query: feeds the batch loaders of fields that point at a run. */
    public List<RunView> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + RUN_COLUMNS + " FROM rm_run WHERE id IN (:ids)",
                new MapSqlParameterSource("ids", ids), runRow);
    }

    /** Keyset page ordered by id: stable under concurrent inserts, unlike OFFSET. */
    public List<RunView> page(String afterId, int limit, String experiment, String status) {
        MapSqlParameterSource p = filters(experiment, status).addValue("after", afterId).addValue("limit", limit);
        return jdbc.query("SELECT " + RUN_COLUMNS + " FROM rm_run WHERE (CAST(:after AS VARCHAR) IS NULL OR id > :after) "
                + "AND " + FILTER + " ORDER BY id LIMIT :limit", p, runRow);
    }

    public int count(String experiment, String status) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM rm_run WHERE " + FILTER, filters(experiment, status),
                Integer.class);
        return n == null ? 0 : n;
    }

    private static final String FILTER = "(CAST(:experiment AS VARCHAR) IS NULL OR experiment = :experiment) "
            + "AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)";

    private static MapSqlParameterSource filters(String experiment, String status) {
        return new MapSqlParameterSource("experiment", experiment).addValue("status", status);
    }

    public List<RunInputView> inputsOf(Collection<String> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT run, ordinal, dataset, version, digest FROM rm_run_input WHERE run IN (:runs) "
                + "ORDER BY run, ordinal", new MapSqlParameterSource("runs", runs), inputRow);
    }

    /** The latest observation of each metric of each run, by name. */
    public List<MetricView> latestMetricsOf(Collection<String> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + METRIC_COLUMNS + " FROM rm_run_metric_latest WHERE run IN (:runs) "
                + "ORDER BY run, name", new MapSqlParameterSource("runs", runs), metricRow);
    }

    /** Every observation of a run in logging order, optionally of one metric, after a (position, ordinal) key. */
    public List<MetricView> metricHistory(String run, String name, long afterPosition, int afterOrdinal, int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource("run", run).addValue("name", name)
                .addValue("position", afterPosition).addValue("ordinal", afterOrdinal).addValue("limit", limit);
        return jdbc.query("SELECT " + METRIC_COLUMNS + " FROM rm_run_metric WHERE run = :run "
                + "AND (CAST(:name AS VARCHAR) IS NULL OR name = :name) AND (position, ordinal) > (:position, :ordinal) "
                + "ORDER BY position, ordinal LIMIT :limit", p, metricRow);
    }

    public int metricCount(String run, String name) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM rm_run_metric WHERE run = :run "
                        + "AND (CAST(:name AS VARCHAR) IS NULL OR name = :name)",
                new MapSqlParameterSource("run", run).addValue("name", name), Integer.class);
        return n == null ? 0 : n;
    }

    public List<ArtifactView> artifactsOf(Collection<String> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT run, name, uri, digest, logged_at, logged_by, position FROM rm_run_artifact "
                + "WHERE run IN (:runs) ORDER BY run, position", new MapSqlParameterSource("runs", runs), artifactRow);
    }

    private static RunView.CodeView code(ResultSet rs) throws SQLException {
        String repository = rs.getString("code_repository");
        String commit = rs.getString("code_commit");
        if (repository == null && commit == null) {
            return null;
        }
        return new RunView.CodeView(repository, commit, rs.getBoolean("code_dirty"));
    }
}
