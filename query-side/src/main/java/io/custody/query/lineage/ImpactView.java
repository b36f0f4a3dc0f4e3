package io.custody.query.lineage;

import java.util.List;

/** Everything downstream of a dataset version or a commit that a problem there puts at risk. */
public record ImpactView(LineageNodeView root, List<ImpactedNodeView> runs, List<ImpactedNodeView> modelVersions,
                         List<ImpactedNodeView> liveDeployments, List<ImpactedNodeView> datasetVersions,
                         int reachedCount) {

    /** One node at risk: how far it is, and one shortest path to it (node ids, root first). */
    public record ImpactedNodeView(LineageNodeView node, int depth, List<String> path) {
    }
}
