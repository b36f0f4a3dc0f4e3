package io.custody.events.dataset;

import io.custody.values.DatasetName;
import io.custody.values.ImpactedNode;
import io.custody.values.VersionLabel;

import java.util.List;

/**
 * When a dataset version was quarantined, what descended from it at that moment: the training and
 * OpenLineage job runs that read it or what was derived from it, the model versions built by those
 * runs, and the deployments they were live on, each with a path from the dataset version. Lists hold
 * at most {@link #LIMIT} entries each; the counts are always complete.
 */
public record ImpactAssessed(DatasetName dataset, VersionLabel version, String reason, List<ImpactedNode> runs,
                             List<ImpactedNode> modelVersions, List<ImpactedNode> liveDeployments, int runCount,
                             int modelVersionCount, int liveDeploymentCount) implements DatasetEvent {

    /** Keeps one event readable when a root dataset feeds half the company: counts stay exact. */
    public static final int LIMIT = 10_000;

    public ImpactAssessed {
        runs = runs == null ? List.of() : List.copyOf(runs);
        modelVersions = modelVersions == null ? List.of() : List.copyOf(modelVersions);
        liveDeployments = liveDeployments == null ? List.of() : List.copyOf(liveDeployments);
    }
}
