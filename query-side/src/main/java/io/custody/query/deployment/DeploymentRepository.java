package io.custody.query.deployment;

import io.custody.query.model.ModelVersionKey;
import io.custody.query.support.AsOf;
import io.custody.query.support.Temporal;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the deployment read model: deployments and their liveness intervals, now or as of an instant.
 * As of T, a stint counts if it had started by T and is live if T falls in its interval, both on the
 * chosen clock; "live at T" is answered by the GiST range indexes of {@code V20}, so it costs the number
 * of stints live at T, not the length of the history.
 */
@Repository
public class DeploymentRepository {

    private static final String DEPLOYMENT_COLUMNS = "environment, service, first_at, last_changed_at, last_position";
    private static final String CURRENT_COLUMNS = "d.environment, d.service, d.first_at, d.last_changed_at, "
            + "d.last_position, EXISTS (SELECT 1 FROM rm_deployment_interval i WHERE i.environment = d.environment "
            + "AND i.service = d.service AND i.to_position IS NULL) AS live";
    private static final String FILTER = "(CAST(:environment AS VARCHAR) IS NULL OR d.environment = :environment) "
            + "AND (NOT :liveOnly OR EXISTS (SELECT 1 FROM rm_deployment_interval i WHERE i.environment = d.environment "
            + "AND i.service = d.service AND i.to_position IS NULL))";
    static final String INTERVAL_COLUMNS = "environment, service, model, version, canary, share, from_time, "
            + "from_recorded_at, from_position, start_reason, deployed_by, policy_version, to_time, to_recorded_at, "
            + "to_position, end_reason, end_note, ended_by";
    /** The interval on each clock, exactly as the GiST indexes of V20 are built, so the planner can use them. */
    private static final String RECORDED_RANGE = "tstzrange(from_recorded_at, CASE WHEN to_recorded_at < from_recorded_at "
            + "THEN from_recorded_at ELSE to_recorded_at END)";
    private static final String EVENT_RANGE = "tstzrange(from_time, CASE WHEN to_time < from_time THEN from_time "
            + "ELSE to_time END)";

    private final NamedParameterJdbcTemplate jdbc;
    private final RowMapper<DeploymentView> currentRow = (rs, i) -> new DeploymentView(rs.getString("environment"),
            rs.getString("service"), rs.getBoolean("live"), rs.getObject("first_at", OffsetDateTime.class),
            rs.getObject("last_changed_at", OffsetDateTime.class), rs.getLong("last_position"), null);

    DeploymentRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static RowMapper<DeploymentView> deploymentRow(AsOf asOf) {
        return (rs, i) -> new DeploymentView(rs.getString("environment"), rs.getString("service"),
                rs.getBoolean("live"), rs.getObject("first_at", OffsetDateTime.class),
                rs.getObject("last_changed_at", OffsetDateTime.class), rs.getLong("last_position"), asOf);
    }

    static RowMapper<DeploymentIntervalView> intervalRow(AsOf asOf) {
        return (rs, i) -> new DeploymentIntervalView(
                rs.getString("environment"), rs.getString("service"), rs.getString("model"), rs.getInt("version"),
                rs.getBoolean("canary"), (Double) rs.getObject("share"), rs.getObject("from_time", OffsetDateTime.class),
                rs.getObject("from_recorded_at", OffsetDateTime.class), rs.getLong("from_position"),
                rs.getString("start_reason"), rs.getString("deployed_by"), rs.getString("policy_version"),
                rs.getObject("to_time", OffsetDateTime.class), rs.getObject("to_recorded_at", OffsetDateTime.class),
                (Long) rs.getObject("to_position"), rs.getString("end_reason"), rs.getString("end_note"),
                rs.getString("ended_by"), null).seenAt(asOf);
    }

    /** SQL: the stint was live at the instant, on the instant's clock. */
    static String liveAt(AsOf asOf) {
        return (asOf.byEvent() ? EVENT_RANGE : RECORDED_RANGE) + " @> CAST(:" + Temporal.AT + " AS timestamptz)";
    }

    /** SQL: the stint had started by the instant, on the instant's clock. */
    static String startedBy(AsOf asOf) {
        return asOf.pick("from_recorded_at", "from_time") + " <= :" + Temporal.AT;
    }

    /** SQL: the (environment, service) pairs where something was live at the instant. */
    static String liveDeployments(AsOf asOf) {
        return "SELECT environment, service FROM rm_deployment_interval WHERE " + liveAt(asOf);
    }

    public Optional<DeploymentView> find(String environment, String service) {
        return find(environment, service, null);
    }

    /** The deployment now, or as of the instant; empty if nothing had been deployed there yet. */
    public Optional<DeploymentView> find(String environment, String service, AsOf asOf) {
        return findAll(List.of(new DeploymentKey(environment, service)), asOf).stream().findFirst();
    }

    public List<DeploymentView> findAll(Collection<DeploymentKey> keys, AsOf asOf) {
        if (keys.isEmpty()) {
            return List.of();
        }
        if (asOf == null) {
            return jdbc.query("SELECT " + CURRENT_COLUMNS + " FROM rm_deployment d WHERE (d.environment, d.service) "
                    + "IN (:keys)", new MapSqlParameterSource("keys", pairs(keys)), currentRow);
        }
        return jdbc.query("SELECT s.*, (s.environment, s.service) IN (" + liveDeployments(asOf) + ") AS live FROM ("
                        + Temporal.statesOf("rm_deployment", DEPLOYMENT_COLUMNS,
                        List.of(Temporal.Key.text("environment"), Temporal.Key.text("service")), asOf) + ") s",
                Temporal.keys(asOf, keys, DeploymentKey::environment, DeploymentKey::service), deploymentRow(asOf));
    }

    /** Keyset page ordered by (environment, service): stable under concurrent inserts, unlike OFFSET. */
    public List<DeploymentView> page(DeploymentKey after, int limit, String environment, boolean liveOnly) {
        return page(after, limit, environment, liveOnly, null);
    }

    /**
     * A page of the deployments that existed at the instant, in their state then; {@code liveOnly} keeps
     * those where something was live at the instant. The live set is computed once per query.
     */
    public List<DeploymentView> page(DeploymentKey after, int limit, String environment, boolean liveOnly, AsOf asOf) {
        MapSqlParameterSource p = filters(environment, liveOnly, asOf).addValue("limit", limit)
                .addValue("afterEnvironment", after == null ? null : after.environment())
                .addValue("afterService", after == null ? null : after.service());
        String keyset = "(CAST(:afterEnvironment AS VARCHAR) IS NULL "
                + "OR (d.environment, d.service) > (:afterEnvironment, :afterService))";
        if (asOf == null) {
            return jdbc.query("SELECT " + CURRENT_COLUMNS + " FROM rm_deployment d WHERE " + keyset + " AND " + FILTER
                    + " ORDER BY d.environment, d.service LIMIT :limit", p, currentRow);
        }
        return jdbc.query("SELECT s.*, (s.environment, s.service) IN (" + liveDeployments(asOf) + ") AS live "
                + "FROM rm_deployment d CROSS JOIN LATERAL " + Temporal.stateOf("rm_deployment", DEPLOYMENT_COLUMNS,
                "h.environment = d.environment AND h.service = d.service", asOf) + " s WHERE " + keyset
                + " AND (CAST(:environment AS VARCHAR) IS NULL OR d.environment = :environment) AND (NOT :liveOnly OR "
                + "(d.environment, d.service) IN (" + liveDeployments(asOf) + ")) ORDER BY d.environment, d.service "
                + "LIMIT :limit", p, deploymentRow(asOf));
    }

    public int count(String environment, boolean liveOnly) {
        return count(environment, liveOnly, null);
    }

    public int count(String environment, boolean liveOnly, AsOf asOf) {
        MapSqlParameterSource p = filters(environment, liveOnly, asOf);
        String sql;
        if (asOf == null) {
            sql = "SELECT count(*) FROM rm_deployment d WHERE " + FILTER;
        } else if (liveOnly) {
            sql = "SELECT count(*) FROM (SELECT DISTINCT environment, service FROM rm_deployment_interval WHERE "
                    + liveAt(asOf) + " AND (CAST(:environment AS VARCHAR) IS NULL OR environment = :environment)) l";
        } else {
            sql = "SELECT count(*) FROM rm_deployment d WHERE (CAST(:environment AS VARCHAR) IS NULL "
                    + "OR d.environment = :environment) AND d." + asOf.pick("first_recorded_at", "first_at") + " <= :"
                    + Temporal.AT;
        }
        Integer n = jdbc.queryForObject(sql, p, Integer.class);
        return n == null ? 0 : n;
    }

    /** Every interval of many deployments, oldest first. */
    public List<DeploymentIntervalView> intervalsOf(Collection<DeploymentKey> deployments, boolean openOnly) {
        return intervalsOf(deployments, openOnly, null);
    }

    /**
     * The intervals of many deployments, oldest first: those started by the instant (or only those live
     * at it), each as it stood then.
     */
    public List<DeploymentIntervalView> intervalsOf(Collection<DeploymentKey> deployments, boolean openOnly,
                                                    AsOf asOf) {
        if (deployments.isEmpty()) {
            return List.of();
        }
        String when = asOf == null ? (openOnly ? " AND to_position IS NULL" : "")
                : " AND " + (openOnly ? liveAt(asOf) : startedBy(asOf));
        return jdbc.query("SELECT " + INTERVAL_COLUMNS + " FROM rm_deployment_interval "
                        + "WHERE (environment, service) IN (:keys)" + when
                        + " ORDER BY from_position, canary, model, version",
                params(asOf).addValue("keys", pairs(deployments)), intervalRow(asOf));
    }

    /** Which of the versions are live on some deployment now. */
    public Set<ModelVersionKey> liveAmong(Collection<ModelVersionKey> versions) {
        return liveAmong(versions, null);
    }

    /** Which of the versions were live on some deployment at the instant (now when null). */
    public Set<ModelVersionKey> liveAmong(Collection<ModelVersionKey> versions, AsOf asOf) {
        if (versions.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query("SELECT DISTINCT model, version FROM rm_deployment_interval "
                        + "WHERE (model, version) IN (:keys) AND "
                        + (asOf == null ? "to_position IS NULL" : liveAt(asOf)),
                params(asOf).addValue("keys", modelPairs(versions)),
                (rs, i) -> new ModelVersionKey(rs.getString("model"), rs.getInt("version"))));
    }

    /**
     * Whether the version served (as primary or canary) in the environment, on one service or any, at
     * {@code at} by the emitters' clocks (event time), from what Custody knew at {@code knownAt}: every
     * stint recorded by then, with the ends recorded by then. Null {@code knownAt} means now.
     */
    public boolean liveAt(ModelVersionKey version, String environment, String service, OffsetDateTime at,
                          OffsetDateTime knownAt) {
        MapSqlParameterSource p = new MapSqlParameterSource("model", version.model())
                .addValue("version", version.version()).addValue("environment", environment)
                .addValue("service", service).addValue("at", at).addValue("knownAt", knownAt);
        Boolean live = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM rm_deployment_interval
                 WHERE model = :model AND version = :version AND environment = :environment
                   AND (CAST(:service AS VARCHAR) IS NULL OR service = :service)
                   AND from_time <= :at
                   AND (CAST(:knownAt AS timestamptz) IS NULL OR from_recorded_at <= :knownAt)
                   AND (to_position IS NULL OR to_time > :at
                        OR (CAST(:knownAt AS timestamptz) IS NOT NULL AND to_recorded_at > :knownAt)))""",
                p, Boolean.class);
        return Boolean.TRUE.equals(live);
    }

    /**
     * The stint of a model version on a deployment that served something at {@code at}: the one whose
     * interval covers that time, or else the newest one recorded before {@code position} (an emitter's
     * clock may disagree with Custody's by a little; the log order does not). As of an instant, only the
     * stints started by then count, each as it stood then.
     */
    public Optional<DeploymentIntervalView> servingAt(DeploymentKey deployment, ModelVersionKey version,
                                                      OffsetDateTime at, long position) {
        return servingAt(deployment, version, at, position, null);
    }

    public Optional<DeploymentIntervalView> servingAt(DeploymentKey deployment, ModelVersionKey version,
                                                      OffsetDateTime at, long position, AsOf asOf) {
        MapSqlParameterSource p = params(asOf).addValue("environment", deployment.environment())
                .addValue("service", deployment.service()).addValue("model", version.model())
                .addValue("version", version.version()).addValue("at", at).addValue("position", position);
        String where = " FROM rm_deployment_interval WHERE environment = :environment AND service = :service "
                + "AND model = :model AND version = :version " + (asOf == null ? "" : "AND " + startedBy(asOf) + " ");
        Optional<DeploymentIntervalView> covering = jdbc.query("SELECT " + INTERVAL_COLUMNS + where
                + "AND from_time <= :at AND (to_time IS NULL OR to_time > :at) ORDER BY from_position DESC LIMIT 1",
                p, intervalRow(asOf)).stream().findFirst();
        if (covering.isPresent()) {
            return covering;
        }
        return jdbc.query("SELECT " + INTERVAL_COLUMNS + where + "AND from_position < :position "
                + "ORDER BY from_position DESC LIMIT 1", p, intervalRow(asOf)).stream().findFirst();
    }

    static MapSqlParameterSource params(AsOf asOf) {
        return asOf == null ? new MapSqlParameterSource() : Temporal.at(asOf);
    }

    private static MapSqlParameterSource filters(String environment, boolean liveOnly, AsOf asOf) {
        return params(asOf).addValue("environment", environment).addValue("liveOnly", liveOnly);
    }

    static List<Object[]> pairs(Collection<DeploymentKey> keys) {
        return keys.stream().distinct().map(k -> new Object[]{k.environment(), k.service()}).toList();
    }

    static List<Object[]> modelPairs(Collection<ModelVersionKey> keys) {
        return keys.stream().distinct().map(k -> new Object[]{k.model(), k.version()}).toList();
    }
}
