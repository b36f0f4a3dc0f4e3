package io.custody.command.lookup;

import io.custody.values.DatasetName;
import io.custody.values.ImpactedNode;
import io.custody.values.ModelVersionRef;
import io.custody.values.VersionLabel;

import java.util.List;

/**
 * What descends from what, for the rules that need the lineage graph: the impact recorded when a
 * dataset version is quarantined, and the production gate that refuses a model version with a
 * quarantined dataset version anywhere upstream (not only among its run's direct inputs). Answered
 * from {@code cs_lineage_edge}, which {@link LineageLookupProjection} writes in the events' transaction.
 */
public interface LineageLookups {

    /** Runs (training and OpenLineage job runs), model versions and live deployments downstream, with paths. */
    record Impact(List<ImpactedNode> runs, List<ImpactedNode> modelVersions, List<ImpactedNode> liveDeployments) {
    }

    Impact impactOf(DatasetName dataset, VersionLabel version);

    /** The quarantined dataset versions ({@code dataset@version}) the model version descends from, at any depth. */
    List<String> quarantinedUpstream(ModelVersionRef modelVersion);
}
