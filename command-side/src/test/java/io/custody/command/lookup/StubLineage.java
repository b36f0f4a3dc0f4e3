package io.custody.command.lookup;

import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
import io.custody.values.ImpactedNode;
import io.custody.values.ModelVersionRef;
import io.custody.values.VersionLabel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lineage an aggregate test sets up by hand: what descends from a dataset version, what a model version descends from. */
public class StubLineage implements LineageLookups {

    private final Map<DatasetVersionKey, Impact> impacts = new HashMap<>();
    private final Map<ModelVersionRef, List<String>> quarantinedUpstream = new HashMap<>();

    public StubLineage impact(DatasetName dataset, VersionLabel version, Impact impact) {
        impacts.put(DatasetVersionKey.of(dataset, version), impact);
        return this;
    }

    public StubLineage quarantinedUpstream(ModelVersionRef ref, String... datasetVersions) {
        quarantinedUpstream.put(ref, List.of(datasetVersions));
        return this;
    }

    @Override
    public Impact impactOf(DatasetName dataset, VersionLabel version) {
        return impacts.getOrDefault(DatasetVersionKey.of(dataset, version), new Impact(List.<ImpactedNode>of(), List.of(), List.of()));
    }

    @Override
    public List<String> quarantinedUpstream(ModelVersionRef modelVersion) {
        return quarantinedUpstream.getOrDefault(modelVersion, List.of());
    }
}
