package io.custody.command.lookup;

import io.custody.lineage.LineageNodes;
import io.custody.lineage.LineagePaths;
import io.custody.values.DatasetName;
import io.custody.values.Environment;
import io.custody.values.ImpactedNode;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;
import io.custody.values.VersionLabel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers {@link LineageLookups} with recursive queries over {@code cs_lineage_edge}. {@code UNION}
 * (not {@code UNION ALL}) keeps each node once, so a cycle or a diamond costs nothing extra; the paths
 * are then found breadth first over the edges of what was reached.
 */
@Component
class JdbcLineageLookups implements LineageLookups {

    private final JdbcTemplate jdbc;

    JdbcLineageLookups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Impact impactOf(DatasetName dataset, VersionLabel version) {
        String root = LineageNodes.datasetVersion(dataset, version);
        List<String[]> edges = jdbc.query("""
                        WITH RECURSIVE reach(node) AS (
                            SELECT CAST(? AS TEXT)
                            UNION
                            SELECT CAST(e.to_node AS TEXT) FROM reach r JOIN cs_lineage_edge e ON e.from_node = r.node
                        )
                        SELECT e.from_node, e.to_node FROM reach r JOIN cs_lineage_edge e ON e.from_node = r.node
                        ORDER BY e.from_node, e.to_node""",
                (rs, i) -> new String[]{rs.getString(1), rs.getString(2)}, root);
        LineagePaths paths = LineagePaths.from(root, edges, -1);
        List<ImpactedNode> runs = new ArrayList<>();
        Map<String, ImpactedNode> modelVersions = new LinkedHashMap<>();
        for (String node : paths.reached()) {
            if (node.startsWith(LineageNodes.RUN) || node.startsWith(LineageNodes.JOB_RUN)) {
                runs.add(new ImpactedNode(node, paths.pathTo(node)));
            } else if (node.startsWith(LineageNodes.MODEL_VERSION)) {
                modelVersions.put(node, new ImpactedNode(node, paths.pathTo(node)));
            }
        }
        return new Impact(runs, List.copyOf(modelVersions.values()), liveDeployments(modelVersions));
    }

    /** Deployments where any of the model versions serves now (an open liveness interval). */
    private List<ImpactedNode> liveDeployments(Map<String, ImpactedNode> modelVersions) {
        if (modelVersions.isEmpty()) {
            return List.of();
        }
        List<ImpactedNode> live = new ArrayList<>();
        jdbc.query("""
                        SELECT DISTINCT environment, service, model, version FROM cs_deployment_interval
                        WHERE to_time IS NULL AND ('modelVersion:' || model || '#' || version) = ANY (?)
                        ORDER BY environment, service, model, version""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", modelVersions.keySet().toArray())),
                rs -> {
                    String via = LineageNodes.MODEL_VERSION + rs.getString("model") + "#" + rs.getInt("version");
                    String deployment = LineageNodes.deployment(Environment.of(rs.getString("environment")),
                            ServiceName.of(rs.getString("service")));
                    List<String> path = new ArrayList<>(modelVersions.get(via).path());
                    path.add(deployment);
                    live.add(new ImpactedNode(deployment, path));
                });
        return live;
    }

    @Override
    public List<String> quarantinedUpstream(ModelVersionRef modelVersion) {
        return jdbc.queryForList("""
                        WITH RECURSIVE up(node) AS (
                            SELECT CAST(? AS TEXT)
                            UNION
                            SELECT CAST(e.from_node AS TEXT) FROM up u JOIN cs_lineage_edge e ON e.to_node = u.node
                        )
                        SELECT d.dataset || '@' || d.version FROM up u
                        JOIN cs_dataset_version d ON u.node = 'datasetVersion:' || d.dataset || '@' || d.version
                        WHERE d.quarantined ORDER BY 1""",
                String.class, LineageNodes.modelVersion(modelVersion));
    }
}
