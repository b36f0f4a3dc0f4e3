package io.custody.query.run;

import io.custody.query.support.AsOf;
import io.custody.query.support.JsonColumns;
import io.custody.query.support.Temporal;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads the run read model: the current-state tables when no instant is given, else their history
 * tables as of the instant (see {@link Temporal}). Metric observations and artifacts are facts of one
 * event each, filtered by the time they were recorded (or happened); a run's inputs are part of its start.
 */
@Repository
public class RunRepository {

    private static final String RUN_COLUMNS = "id, experiment, status, code_repository, code_commit, code_dirty, "
            + "hyperparameters, environment, started_by, started_at, recorded_by, recorded_at, ended_at, ended_by, "
            + "failure_reason, last_position";
    /** Metric events read per query while filling a page of observations. */
    private static final int EVENTS_PER_READ = 32;
    private static final String METRIC_COLUMNS = "run, name, value, step, measured_at, position, ordinal";
    private static final List<Temporal.Key> RUN_KEY = List.of(Temporal.Key.text("id"));
    private static final String FILTER = "(CAST(:experiment AS VARCHAR) IS NULL OR r.experiment = :experiment) "
            + "AND (CAST(:status AS VARCHAR) IS NULL OR %s = :status)";

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;
    private final RowMapper<MetricView> metricRow = (rs, i) -> new MetricView(rs.getString("run"), rs.getString("name"),
            rs.getDouble("value"), rs.getLong("step"), rs.getObject("measured_at", OffsetDateTime.class),
            rs.getLong("position"), rs.getInt("ordinal"));
    private final RowMapper<ArtifactView> artifactRow = (rs, i) -> new ArtifactView(rs.getString("run"),
            rs.getString("name"), rs.getString("uri"), rs.getString("digest"),
            rs.getObject("logged_at", OffsetDateTime.class), rs.getString("logged_by"), rs.getLong("position"));

    RunRepository(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private RowMapper<RunView> runRow(AsOf asOf) {
        return (rs, i) -> new RunView(rs.getString("id"), rs.getString("experiment"), rs.getString("status"),
                code(rs), json.read(rs.getString("hyperparameters")),
                json.read(rs.getString("environment"), RunView.TrainingEnvironmentView.class),
                rs.getString("started_by"), rs.getObject("started_at", OffsetDateTime.class),
                rs.getString("recorded_by"), rs.getObject("recorded_at", OffsetDateTime.class),
                rs.getObject("ended_at", OffsetDateTime.class), rs.getString("ended_by"),
                rs.getString("failure_reason"), rs.getLong("last_position"), asOf);
    }

    public Optional<RunView> find(String id) {
        return find(id, null);
    }

    public Optional<RunView> find(String id, AsOf asOf) {
        return findAll(List.of(id), asOf).stream().findFirst();
    }

    /** Many runs in one query: feeds the batch loaders of fields that point at a run. */
    public List<RunView> findAll(Collection<String> ids) {
        return findAll(ids, null);
    }

    public List<RunView> findAll(Collection<String> ids, AsOf asOf) {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (asOf == null) {
            return jdbc.query("SELECT " + RUN_COLUMNS + " FROM rm_run WHERE id IN (:ids)",
                    new MapSqlParameterSource("ids", ids), runRow(null));
        }
        return jdbc.query(Temporal.statesOf("rm_run", RUN_COLUMNS, RUN_KEY, asOf), Temporal.keys(asOf, ids, id -> id),
                runRow(asOf));
    }

    /** Keyset page ordered by id: stable under concurrent inserts, unlike OFFSET. */
    public List<RunView> page(String afterId, int limit, String experiment, String status) {
        return page(afterId, limit, experiment, status, null);
    }

    /** A page of the runs that existed at the instant, in their state then; the status filter applies to that state. */
    public List<RunView> page(String afterId, int limit, String experiment, String status, AsOf asOf) {
        MapSqlParameterSource p = filters(experiment, status, asOf).addValue("after", afterId).addValue("limit", limit);
        if (asOf == null) {
            return jdbc.query("SELECT " + RUN_COLUMNS + " FROM rm_run r WHERE (CAST(:after AS VARCHAR) IS NULL "
                    + "OR r.id > :after) AND " + FILTER.formatted("r.status") + " ORDER BY r.id LIMIT :limit", p,
                    runRow(null));
        }
        return jdbc.query("SELECT s.* FROM rm_run r CROSS JOIN LATERAL " + Temporal.stateOf("rm_run", RUN_COLUMNS,
                "h.id = r.id", asOf) + " s WHERE (CAST(:after AS VARCHAR) IS NULL OR r.id > :after) AND "
                + FILTER.formatted("s.status") + " ORDER BY r.id LIMIT :limit", p, runRow(asOf));
    }

    public int count(String experiment, String status) {
        return count(experiment, status, null);
    }

    public int count(String experiment, String status, AsOf asOf) {
        MapSqlParameterSource p = filters(experiment, status, asOf);
        Integer n = asOf == null
                ? jdbc.queryForObject("SELECT count(*) FROM rm_run r WHERE " + FILTER.formatted("r.status"), p,
                Integer.class)
                : jdbc.queryForObject("SELECT count(*) FROM rm_run r CROSS JOIN LATERAL " + Temporal.stateOf("rm_run",
                "status", "h.id = r.id", asOf) + " s WHERE " + FILTER.formatted("s.status"), p, Integer.class);
        return n == null ? 0 : n;
    }

    private static MapSqlParameterSource filters(String experiment, String status, AsOf asOf) {
        return (asOf == null ? new MapSqlParameterSource() : Temporal.at(asOf)).addValue("experiment", experiment)
                .addValue("status", status);
    }

    public List<RunInputView> inputsOf(Collection<String> runs) {
        return inputsOf(runs, null);
    }

    /** A run's inputs are fixed when it starts, so they are the same at any instant the run existed. */
    public List<RunInputView> inputsOf(Collection<String> runs, AsOf asOf) {
        if (runs.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT run, ordinal, dataset, version, digest FROM rm_run_input WHERE run IN (:runs) "
                + "ORDER BY run, ordinal", new MapSqlParameterSource("runs", runs), (rs, i) -> new RunInputView(
                rs.getString("run"), rs.getInt("ordinal"), rs.getString("dataset"), rs.getString("version"),
                rs.getString("digest"), asOf));
    }

    /** The latest observation of each metric of each run, by name. */
    public List<MetricView> latestMetricsOf(Collection<String> runs) {
        return latestMetricsOf(runs, null);
    }

    /** The latest observation of each metric of each run, by name, as it stood at the instant. */
    public List<MetricView> latestMetricsOf(Collection<String> runs, AsOf asOf) {
        if (runs.isEmpty()) {
            return List.of();
        }
        if (asOf == null) {
            return jdbc.query("SELECT " + METRIC_COLUMNS + " FROM rm_run_metric_latest WHERE run IN (:runs) "
                    + "ORDER BY run, name", new MapSqlParameterSource("runs", runs), metricRow);
        }
        return jdbc.query("SELECT s.* FROM rm_run_metric_latest l CROSS JOIN LATERAL "
                + Temporal.stateOf("rm_run_metric_latest", METRIC_COLUMNS, "h.run = l.run AND h.name = l.name", asOf)
                + " s WHERE l.run IN (:runs) ORDER BY s.run, s.name", Temporal.at(asOf).addValue("runs", runs),
                metricRow);
    }

    /** Every observation of a run in logging order, optionally of one metric, after a (position, ordinal) key. */
    public List<MetricView> metricHistory(String run, String name, long afterPosition, int afterOrdinal, int limit) {
        return metricHistory(run, name, afterPosition, afterOrdinal, limit, null);
    }

    public List<MetricView> metricHistory(String run, String name, long afterPosition, int afterOrdinal, int limit,
                                          AsOf asOf) {
        List<MetricView> page = new ArrayList<>();
        long from = afterPosition;
        // A few events at a time in key order, each one's observations in array order, until the page is full:
        // a page reads only the events it needs (SQL would unnest and sort all of a run's observations first).
        while (page.size() < limit) {
            MapSqlParameterSource p = params(asOf).addValue("run", run).addValue("from", from)
                    .addValue("events", EVENTS_PER_READ).addValue("name", name);
            List<Long> read = new ArrayList<>();
            // Events without the named metric are passed over in the database, not sent.
            jdbc.query("SELECT position, names, observed_values, steps, measured_at FROM rm_run_metric_log "
                    + "WHERE run = :run AND position >= :from AND (CAST(:name AS VARCHAR) IS NULL "
                    + "OR CAST(:name AS VARCHAR) = ANY (names))" + until(asOf, "recorded_at", "happened_at")
                    + " ORDER BY position LIMIT :events", p, rs -> {
                long position = rs.getLong("position");
                read.add(position);
                String[] names = (String[]) rs.getArray("names").getArray();
                Double[] values = (Double[]) rs.getArray("observed_values").getArray();
                Long[] steps = (Long[]) rs.getArray("steps").getArray();
                Object[] measured = (Object[]) rs.getArray("measured_at").getArray();
                for (int i = 0; i < names.length && page.size() < limit; i++) {
                    if ((position > afterPosition || i > afterOrdinal) && (name == null || name.equals(names[i]))) {
                        page.add(new MetricView(run, names[i], values[i], steps[i], utc(measured[i]), position, i));
                    }
                }
            });
            if (read.size() < EVENTS_PER_READ) {
                break;
            }
            from = read.get(read.size() - 1) + 1;
        }
        return page;
    }

    /** An element of a {@code timestamptz[]}, which the driver answers as {@link java.sql.Timestamp}s. */
    private static OffsetDateTime utc(Object timestamp) {
        return timestamp == null ? null : ((java.sql.Timestamp) timestamp).toInstant().atOffset(ZoneOffset.UTC);
    }

    public int metricCount(String run, String name) {
        return metricCount(run, name, null);
    }

    public int metricCount(String run, String name, AsOf asOf) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM rm_run_metric_log l CROSS JOIN LATERAL unnest(l.names) "
                        + "AS m (name) WHERE l.run = :run AND (CAST(:name AS VARCHAR) IS NULL OR m.name = :name)"
                        + until(asOf, "l.recorded_at", "l.happened_at"),
                params(asOf).addValue("run", run).addValue("name", name), Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * For each run, the first {@code limit} artifacts logged after position {@code after} (from the first
     * when null) and by the instant (recorded, or by the logger's clock), in the order logged: one range of
     * the primary key per run, however many it logged.
     */
    public List<ArtifactView> artifactPages(Collection<String> runs, Long after, int limit, AsOf asOf) {
        if (runs.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT p.* FROM rm_run r CROSS JOIN LATERAL (SELECT a.run, a.name, a.uri, a.digest, "
                        + "a.logged_at, a.logged_by, a.position FROM rm_run_artifact a WHERE a.run = r.id "
                        + "AND a.position > :after" + until(asOf, "a.recorded_at", "a.logged_at")
                        + " ORDER BY a.position LIMIT :limit) p WHERE r.id IN (:runs)",
                params(asOf).addValue("runs", runs).addValue("after", after == null ? -1L : after)
                        .addValue("limit", limit), artifactRow);
    }

    private static String until(AsOf asOf, String recordedColumn, String eventColumn) {
        return asOf == null ? "" : " AND " + asOf.pick(recordedColumn, eventColumn) + " <= :" + Temporal.AT;
    }

    private static MapSqlParameterSource params(AsOf asOf) {
        return asOf == null ? new MapSqlParameterSource() : Temporal.at(asOf);
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
