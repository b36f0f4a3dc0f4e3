package io.custody.query.lineage;

import io.custody.lineage.LineageNodes;

import java.util.List;
import java.util.Map;

/** The node and edge kinds of the lineage graph as the API names them, and which edges carry data. */
final class LineageKinds {

    static final List<String> NODE_KINDS = List.of("DATASET", "DATASET_VERSION", "JOB", "JOB_RUN", "RUN", "COMMIT",
            "MODEL_VERSION", "DEPLOYMENT");

    /**
     * What impact follows: data read and produced, models built, where they serve, and (from a commit)
     * what ran the code. Structure (a dataset's versions, a job's runs, parent runs, declarations) is
     * lineage, not impact.
     */
    static final List<String> IMPACT_EDGES = List.of("INPUT_TO", "PRODUCED", "BUILT", "DEPLOYED_TO", "CODE_OF");

    /** What an at-risk check walks upstream: the data a model version was built from, at any depth. */
    static final List<String> DATA_EDGES = List.of("INPUT_TO", "PRODUCED", "BUILT");

    private static final Map<String, String> BY_PREFIX = Map.of(
            "dataset", "DATASET", "datasetVersion", "DATASET_VERSION", "job", "JOB", "jobRun", "JOB_RUN",
            "run", "RUN", "commit", "COMMIT", "modelVersion", "MODEL_VERSION", "deployment", "DEPLOYMENT");

    private LineageKinds() {
    }

    /** The kind of a node id, or null when its prefix is not one of the graph's. */
    static String ofId(String id) {
        String prefix = LineageNodes.kindOf(id);
        return prefix == null ? null : BY_PREFIX.get(prefix);
    }
}
