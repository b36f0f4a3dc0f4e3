package io.custody.values;

import java.util.List;

/**
 * A lineage node at risk from a dataset version, with one shortest path that leads to it: node ids
 * from the dataset version to the node, both included.
 */
public record ImpactedNode(String node, List<String> path) {

    public ImpactedNode {
        path = path == null ? List.of() : List.copyOf(path);
    }
}
