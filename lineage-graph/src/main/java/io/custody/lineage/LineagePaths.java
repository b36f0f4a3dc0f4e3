package io.custody.lineage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shortest paths from one root over the edges of a lineage subgraph, breadth first: every node reached
 * gets its distance and the node it was first reached from. Cycles end where a node is seen again, so
 * any graph terminates; ties go to the edge listed first, so the same edges give the same paths.
 */
public final class LineagePaths {

    private final String root;
    private final Map<String, String> parent;
    private final Map<String, Integer> depth;

    private LineagePaths(String root, Map<String, String> parent, Map<String, Integer> depth) {
        this.root = root;
        this.parent = parent;
        this.depth = depth;
    }

    /** {@code edges} as pairs {from, to}; {@code maxDepth} &lt; 0 means no limit. */
    public static LineagePaths from(String root, List<String[]> edges, int maxDepth) {
        Map<String, List<String>> out = new HashMap<>();
        for (String[] e : edges) {
            out.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]);
        }
        Map<String, String> parent = new LinkedHashMap<>();
        Map<String, Integer> depth = new LinkedHashMap<>();
        depth.put(root, 0);
        Deque<String> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            String node = queue.poll();
            int d = depth.get(node);
            if (maxDepth >= 0 && d >= maxDepth) {
                continue;
            }
            for (String next : out.getOrDefault(node, List.of())) {
                if (!depth.containsKey(next)) {
                    depth.put(next, d + 1);
                    parent.put(next, node);
                    queue.add(next);
                }
            }
        }
        return new LineagePaths(root, parent, depth);
    }

    /** Every node reached, the root first, in the order reached (by distance). */
    public List<String> reached() {
        return List.copyOf(depth.keySet());
    }

    public int depth(String node) {
        Integer d = depth.get(node);
        return d == null ? -1 : d;
    }

    /** The node ids from the root to {@code node}, both included; empty if it was not reached. */
    public List<String> pathTo(String node) {
        if (!depth.containsKey(node)) {
            return List.of();
        }
        List<String> path = new ArrayList<>();
        for (String at = node; at != null; at = at.equals(root) ? null : parent.get(at)) {
            path.add(at);
        }
        Collections.reverse(path);
        return path;
    }
}
