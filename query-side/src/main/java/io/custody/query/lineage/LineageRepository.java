package io.custody.query.lineage;

import io.custody.lineage.LineagePaths;
import io.custody.query.support.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the lineage graph with recursive queries. Walks use {@code UNION}, which drops a row already
 * produced, so a cycle ends and a node reached twice at the same depth is expanded once; each walk is
 * depth-limited (lineage) or keeps one row per node (impact, at-risk), so its cost is bounded by the
 * edges it reaches. Downstream walks follow the primary key (from_node first), upstream walks the
 * (to_node, from_node) index.
 */
@Repository
class LineageRepository {

    private static final String NODE_COLUMNS = """
            node_id, kind, name, state, facets, quarantine_reason, quarantined_at, first_position, first_recorded_at""";
    private static final String EDGE_COLUMNS = """
            e.from_node, e.to_node, e.kind, e.position, e.event_id, e.recorded_at, e.valid_from, e.valid_to,
            e.ended_position, e.ended_event_id""";
    /** An edge holds at the instant: it had begun and had not ended. */
    private static final String HOLDS_AT = "e.valid_from <= ? AND (e.valid_to IS NULL OR e.valid_to > ?)";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;

    LineageRepository(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The edges within {@code depth} steps of the root, one direction, holding at {@code asOf} if given. */
    List<LineageEdgeView> walk(String root, boolean downstream, int depth, OffsetDateTime asOf) {
        String near = downstream ? "from_node" : "to_node";
        String far = downstream ? "to_node" : "from_node";
        String holds = asOf == null ? "TRUE" : HOLDS_AT;
        String sql = """
                WITH RECURSIVE walk(node, depth) AS (
                    SELECT CAST(? AS TEXT), 0
                    UNION
                    SELECT CAST(e.%2$s AS TEXT), w.depth + 1 FROM walk w JOIN rm_lineage_edge e ON e.%1$s = w.node
                    WHERE w.depth < ? AND %3$s
                ), reached AS (
                    SELECT node, min(depth) AS depth FROM walk GROUP BY node
                )
                SELECT %4$s FROM reached r
                JOIN rm_lineage_edge e ON e.%1$s = r.node
                JOIN reached t ON t.node = e.%2$s
                WHERE r.depth < ? AND %3$s
                ORDER BY r.depth, e.%1$s, e.%2$s, e.kind, e.since""".formatted(near, far, holds, EDGE_COLUMNS);
        List<Object> args = new ArrayList<>();
        args.add(root);
        args.add(depth);
        if (asOf != null) {
            args.add(asOf);
            args.add(asOf);
        }
        args.add(depth);
        if (asOf != null) {
            args.add(asOf);
            args.add(asOf);
        }
        return jdbc.query(sql, EDGE, args.toArray());
    }

    /**
     * Everything downstream of the root along the edges impact follows (open deployment stints only),
     * with one shortest path to each node. The recursive query returns the edges among the reached
     * nodes; the paths are found breadth first over them.
     */
    LineagePaths impact(String root) {
        String follows = "(e.kind IN ('INPUT_TO', 'PRODUCED', 'BUILT', 'CODE_OF') "
                + "OR (e.kind = 'DEPLOYED_TO' AND e.ended_position IS NULL))";
        List<String[]> edges = jdbc.query("""
                        WITH RECURSIVE reach(node) AS (
                            SELECT CAST(? AS TEXT)
                            UNION
                            SELECT CAST(e.to_node AS TEXT) FROM reach r JOIN rm_lineage_edge e ON e.from_node = r.node
                            WHERE %1$s
                        )
                        SELECT e.from_node, e.to_node FROM reach r JOIN rm_lineage_edge e ON e.from_node = r.node
                        WHERE %1$s""".formatted(follows),
                (rs, i) -> new String[]{rs.getString(1), rs.getString(2)}, root);
        return LineagePaths.from(root, edges, -1);
    }

    /**
     * For each model version node, the quarantined dataset versions it descends from at any depth:
     * {@code "dataset@version: reason"}, by model version node id.
     */
    Map<String, List<String>> quarantinedUpstream(Collection<String> modelVersions) {
        Map<String, List<String>> out = new HashMap<>();
        if (modelVersions.isEmpty()) {
            return out;
        }
        jdbc.query("""
                        WITH RECURSIVE up(root, node) AS (
                            SELECT CAST(r AS TEXT), CAST(r AS TEXT) FROM unnest(?) AS r
                            UNION
                            SELECT u.root, CAST(e.from_node AS TEXT) FROM up u JOIN rm_lineage_edge e ON e.to_node = u.node
                            WHERE e.kind IN ('INPUT_TO', 'PRODUCED', 'BUILT')
                        )
                        SELECT u.root, n.name, n.quarantine_reason FROM up u
                        JOIN rm_lineage_node n ON n.node_id = u.node
                        WHERE n.quarantine_position IS NOT NULL
                        ORDER BY u.root, n.name""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", modelVersions.toArray())),
                rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(
                            "descends from quarantined dataset version " + rs.getString(2) + ": "
                                    + rs.getString(3));
                });
        return out;
    }

    /** The nodes by id, in the order asked; an id without a row yet is shown as its id says. */
    List<LineageNodeView> nodes(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, LineageNodeView> found = jdbc.query("SELECT " + NODE_COLUMNS
                                + " FROM rm_lineage_node WHERE node_id = ANY (?)",
                        ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", ids.toArray())), node())
                .stream().collect(Collectors.toMap(LineageNodeView::id, n -> n));
        Map<String, LineageNodeView> ordered = new LinkedHashMap<>();
        ids.forEach(id -> ordered.put(id, found.getOrDefault(id, LineageNodeView.placeholder(id))));
        return List.copyOf(ordered.values());
    }

    boolean exists(String id) {
        return !jdbc.queryForList("SELECT 1 FROM rm_lineage_node WHERE node_id = ?", Integer.class, id).isEmpty();
    }

    private RowMapper<LineageNodeView> node() {
        return (rs, i) -> new LineageNodeView(rs.getString("node_id"), rs.getString("kind"), rs.getString("name"),
                rs.getString("state"), json.read(rs.getString("facets")), rs.getString("quarantine_reason"),
                rs.getObject("quarantined_at", OffsetDateTime.class), rs.getLong("first_position"),
                rs.getObject("first_recorded_at", OffsetDateTime.class));
    }

    private static final RowMapper<LineageEdgeView> EDGE = (rs, i) -> new LineageEdgeView(rs.getString("from_node"),
            rs.getString("to_node"), rs.getString("kind"), rs.getLong("position"), rs.getString("event_id"),
            rs.getObject("recorded_at", OffsetDateTime.class), rs.getObject("valid_from", OffsetDateTime.class),
            rs.getObject("valid_to", OffsetDateTime.class), (Long) rs.getObject("ended_position"),
            rs.getString("ended_event_id"));
}
