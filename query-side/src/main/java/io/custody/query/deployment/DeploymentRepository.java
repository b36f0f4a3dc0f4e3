package io.custody.query.deployment;

import io.custody.query.model.ModelVersionKey;
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

/** Reads the deployment read model: deployments and their liveness intervals. */
@Repository
public class DeploymentRepository {

    private static final String DEPLOYMENT_COLUMNS = "d.environment, d.service, d.first_at, d.last_changed_at, "
            + "d.last_position, EXISTS (SELECT 1 FROM rm_deployment_interval i WHERE i.environment = d.environment "
            + "AND i.service = d.service AND i.to_position IS NULL) AS live";
    private static final String FILTER = "(CAST(:environment AS VARCHAR) IS NULL OR d.environment = :environment) "
            + "AND (NOT :liveOnly OR EXISTS (SELECT 1 FROM rm_deployment_interval i WHERE i.environment = d.environment "
            + "AND i.service = d.service AND i.to_position IS NULL))";
    private static final String INTERVAL_COLUMNS = "environment, service, model, version, canary, share, from_time, "
            + "from_recorded_at, from_position, start_reason, deployed_by, policy_version, to_time, to_recorded_at, "
            + "to_position, end_reason, end_note, ended_by";

    private final NamedParameterJdbcTemplate jdbc;
    private final RowMapper<DeploymentView> deploymentRow = (rs, i) -> new DeploymentView(rs.getString("environment"),
            rs.getString("service"), rs.getBoolean("live"), rs.getObject("first_at", OffsetDateTime.class),
            rs.getObject("last_changed_at", OffsetDateTime.class), rs.getLong("last_position"));
    private final RowMapper<DeploymentIntervalView> intervalRow = (rs, i) -> new DeploymentIntervalView(
            rs.getString("environment"), rs.getString("service"), rs.getString("model"), rs.getInt("version"),
            rs.getBoolean("canary"), (Double) rs.getObject("share"), rs.getObject("from_time", OffsetDateTime.class),
            rs.getObject("from_recorded_at", OffsetDateTime.class), rs.getLong("from_position"),
            rs.getString("start_reason"), rs.getString("deployed_by"), rs.getString("policy_version"),
            rs.getObject("to_time", OffsetDateTime.class), rs.getObject("to_recorded_at", OffsetDateTime.class),
            (Long) rs.getObject("to_position"), rs.getString("end_reason"), rs.getString("end_note"),
            rs.getString("ended_by"));

    DeploymentRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<DeploymentView> find(String environment, String service) {
        return jdbc.query("SELECT " + DEPLOYMENT_COLUMNS + " FROM rm_deployment d "
                        + "WHERE d.environment = :environment AND d.service = :service",
                new MapSqlParameterSource("environment", environment).addValue("service", service), deploymentRow)
                .stream().findFirst();
    }

    /** Keyset page ordered by (environment, service): stable under concurrent inserts, unlike OFFSET. */
    public List<DeploymentView> page(DeploymentKey after, int limit, String environment, boolean liveOnly) {
        MapSqlParameterSource p = filters(environment, liveOnly).addValue("limit", limit)
                .addValue("afterEnvironment", after == null ? null : after.environment())
                .addValue("afterService", after == null ? null : after.service());
        return jdbc.query("SELECT " + DEPLOYMENT_COLUMNS + " FROM rm_deployment d "
                + "WHERE (CAST(:afterEnvironment AS VARCHAR) IS NULL "
                + "OR (d.environment, d.service) > (:afterEnvironment, :afterService)) AND " + FILTER
                + " ORDER BY d.environment, d.service LIMIT :limit", p, deploymentRow);
    }

    public int count(String environment, boolean liveOnly) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM rm_deployment d WHERE " + FILTER,
                filters(environment, liveOnly), Integer.class);
        return n == null ? 0 : n;
    }

    /** Every interval of many deployments, oldest first. */
    public List<DeploymentIntervalView> intervalsOf(Collection<DeploymentKey> deployments, boolean openOnly) {
        if (deployments.isEmpty()) {
            return List.of();
        }
        List<Object[]> keys = deployments.stream().distinct().map(k -> new Object[]{k.environment(), k.service()})
                .toList();
        return jdbc.query("SELECT " + INTERVAL_COLUMNS + " FROM rm_deployment_interval "
                        + "WHERE (environment, service) IN (:keys)" + (openOnly ? " AND to_position IS NULL" : "")
                        + " ORDER BY from_position, canary, model, version",
                new MapSqlParameterSource("keys", keys), intervalRow);
    }

    /** Every interval of the versions of many models, oldest first. */
    public List<DeploymentIntervalView> intervalsOfModels(Collection<String> models) {
        if (models.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + INTERVAL_COLUMNS + " FROM rm_deployment_interval WHERE model IN (:models) "
                + "ORDER BY from_position, environment, service", new MapSqlParameterSource("models", models),
                intervalRow);
    }

    /** Every interval of many model versions, oldest first. */
    public List<DeploymentIntervalView> intervalsOfVersions(Collection<ModelVersionKey> versions) {
        if (versions.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + INTERVAL_COLUMNS + " FROM rm_deployment_interval "
                        + "WHERE (model, version) IN (:keys) ORDER BY from_position, environment, service",
                new MapSqlParameterSource("keys", pairs(versions)), intervalRow);
    }

    /** Which of the versions are live on some deployment now. */
    public Set<ModelVersionKey> liveAmong(Collection<ModelVersionKey> versions) {
        if (versions.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query("SELECT DISTINCT model, version FROM rm_deployment_interval "
                        + "WHERE (model, version) IN (:keys) AND to_position IS NULL",
                new MapSqlParameterSource("keys", pairs(versions)),
                (rs, i) -> new ModelVersionKey(rs.getString("model"), rs.getInt("version"))));
    }

    /**
     * The stint of a model version on a deployment that served something at {@code at}: the one whose
     * interval covers that time, or else the newest one recorded before {@code position} (an emitter's
     * clock may disagree with Custody's by a little; the log order does not).
     */
    public Optional<DeploymentIntervalView> servingAt(DeploymentKey deployment, ModelVersionKey version,
                                                      OffsetDateTime at, long position) {
        MapSqlParameterSource p = new MapSqlParameterSource("environment", deployment.environment())
                .addValue("service", deployment.service()).addValue("model", version.model())
                .addValue("version", version.version()).addValue("at", at).addValue("position", position);
        String where = " FROM rm_deployment_interval WHERE environment = :environment AND service = :service "
                + "AND model = :model AND version = :version ";
        Optional<DeploymentIntervalView> covering = jdbc.query("SELECT " + INTERVAL_COLUMNS + where
                + "AND from_time <= :at AND (to_time IS NULL OR to_time > :at) ORDER BY from_position DESC LIMIT 1",
                p, intervalRow).stream().findFirst();
        if (covering.isPresent()) {
            return covering;
        }
        return jdbc.query("SELECT " + INTERVAL_COLUMNS + where + "AND from_position < :position "
                + "ORDER BY from_position DESC LIMIT 1", p, intervalRow).stream().findFirst();
    }

    private static MapSqlParameterSource filters(String environment, boolean liveOnly) {
        return new MapSqlParameterSource("environment", environment).addValue("liveOnly", liveOnly);
    }

    private static List<Object[]> pairs(Collection<ModelVersionKey> keys) {
        return keys.stream().distinct().map(k -> new Object[]{k.model(), k.version()}).toList();
    }
}
