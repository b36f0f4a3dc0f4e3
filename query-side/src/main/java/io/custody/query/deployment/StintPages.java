package io.custody.query.deployment;

import io.custody.query.model.ModelVersionKey;
import io.custody.query.support.AsOf;
import io.custody.query.support.Temporal;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.List;

import static io.custody.query.deployment.DeploymentRepository.INTERVAL_COLUMNS;
import static io.custody.query.deployment.DeploymentRepository.intervalRow;
import static io.custody.query.deployment.DeploymentRepository.modelPairs;
import static io.custody.query.deployment.DeploymentRepository.pairs;
import static io.custody.query.deployment.DeploymentRepository.params;
import static io.custody.query.deployment.DeploymentRepository.startedBy;

/**
 * Pages of stints, for the lists that grow with every deploy: a deployment's history, a model's and a model
 * version's stints. Each parent's page is one index range read ({@code LIMIT} inside a lateral join),
 * started where the previous page ended, so a page costs the same however long the history.
 * Oldest first; started by the instant when one is given, each as it stood then.
 */
@Repository
public class StintPages {

    private final NamedParameterJdbcTemplate jdbc;

    StintPages(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A deployment's stints, on the primary key's {@code (environment, service, from_position)} prefix. */
    public List<DeploymentIntervalView> ofDeployments(Collection<DeploymentKey> deployments, HistoryCursor after,
                                                      int limit, AsOf asOf) {
        if (deployments.isEmpty()) {
            return List.of();
        }
        HistoryCursor from = after == null ? new HistoryCursor(-1, false, "", 0) : after;
        MapSqlParameterSource params = params(asOf).addValue("keys", pairs(deployments)).addValue("limit", limit)
                .addValue("afterPosition", from.position()).addValue("afterCanary", from.canary())
                .addValue("afterModel", from.model()).addValue("afterVersion", from.version());
        return jdbc.query("SELECT p.* FROM rm_deployment d CROSS JOIN LATERAL (" + select()
                        + " WHERE i.environment = d.environment AND i.service = d.service" + started(asOf)
                        + " AND i.from_position >= :afterPosition AND (i.from_position, i.canary, i.model, i.version) "
                        + "> (:afterPosition, :afterCanary, :afterModel, :afterVersion) "
                        + "ORDER BY i.from_position, i.canary, i.model, i.version LIMIT :limit) p "
                        + "WHERE (d.environment, d.service) IN (:keys)",
                params, intervalRow(asOf));
    }

    /** The stints of any version of each model, on the {@code (model, from_position)} index of V42. */
    public List<DeploymentIntervalView> ofModels(Collection<String> models, StintCursor after, int limit, AsOf asOf) {
        if (models.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT p.* FROM rm_model m CROSS JOIN LATERAL (" + select() + " WHERE i.model = m.name"
                        + started(asOf) + afterStint() + " LIMIT :limit) p WHERE m.name IN (:models)",
                stintParams(asOf, after, limit).addValue("models", models), intervalRow(asOf));
    }

    /** The stints of each model version, on the {@code (model, version, from_position)} index. */
    public List<DeploymentIntervalView> ofVersions(Collection<ModelVersionKey> versions, StintCursor after, int limit,
                                                   AsOf asOf) {
        if (versions.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT p.* FROM rm_model_version v CROSS JOIN LATERAL (" + select()
                        + " WHERE i.model = v.model AND i.version = v.version" + started(asOf) + afterStint()
                        + " LIMIT :limit) p WHERE (v.model, v.version) IN (:keys)",
                stintParams(asOf, after, limit).addValue("keys", modelPairs(versions)), intervalRow(asOf));
    }

    private static String select() {
        return "SELECT " + Temporal.qualified("i", INTERVAL_COLUMNS) + " FROM rm_deployment_interval i";
    }

    private static String started(AsOf asOf) {
        return asOf == null ? "" : " AND i." + startedBy(asOf);
    }

    private static String afterStint() {
        return " AND i.from_position >= :afterPosition AND (i.from_position, i.environment, i.service, i.version) "
                + "> (:afterPosition, :afterEnvironment, :afterService, :afterVersion) "
                + "ORDER BY i.from_position, i.environment, i.service, i.version";
    }

    private static MapSqlParameterSource stintParams(AsOf asOf, StintCursor after, int limit) {
        StintCursor from = after == null ? new StintCursor(-1, "", "", 0) : after;
        return params(asOf).addValue("limit", limit).addValue("afterPosition", from.position())
                .addValue("afterEnvironment", from.environment()).addValue("afterService", from.service())
                .addValue("afterVersion", from.version());
    }

    /** Where a page of a deployment's history resumes: after this stint, in the order history lists them. */
    public record HistoryCursor(long position, boolean canary, String model, int version) {

        public static HistoryCursor parse(String cursor) {
            String[] parts = cursor.split(":", 4);
            return new HistoryCursor(Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1]), parts[2],
                    Integer.parseInt(parts[3]));
        }

        public static String of(DeploymentIntervalView i) {
            return i.fromPosition() + ":" + i.canary() + ":" + i.model() + ":" + i.version();
        }
    }

    /** Where a page of a model's or a version's stints resumes: after this stint, in the order they are listed. */
    public record StintCursor(long position, String environment, String service, int version) {

        public static StintCursor parse(String cursor) {
            String[] parts = cursor.split(":", 4);
            return new StintCursor(Long.parseLong(parts[0]), parts[1], parts[2], Integer.parseInt(parts[3]));
        }

        public static String of(DeploymentIntervalView i) {
            return i.fromPosition() + ":" + i.environment() + ":" + i.service() + ":" + i.version();
        }
    }
}
