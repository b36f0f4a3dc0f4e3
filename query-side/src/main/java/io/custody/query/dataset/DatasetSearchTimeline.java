package io.custody.query.dataset;

import io.custody.query.search.EntityType;
import io.custody.query.search.SearchTimeline;
import io.custody.query.support.AsOf;
import io.custody.values.DatasetVersionKey;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Datasets and their versions at an instant, for search asked {@code asOf}: existence and quarantine. */
@Component
class DatasetSearchTimeline implements SearchTimeline {

    private final DatasetRepository datasets;

    DatasetSearchTimeline(DatasetRepository datasets) {
        this.datasets = datasets;
    }

    @Override
    public Set<EntityType> types() {
        return Set.of(EntityType.DATASET, EntityType.DATASET_VERSION);
    }

    @Override
    public Map<String, HitState> statesAt(EntityType type, Collection<String> keys, AsOf asOf) {
        Map<String, HitState> out = new LinkedHashMap<>();
        if (type == EntityType.DATASET) {
            datasets.findAll(keys, asOf).forEach(d -> out.put(d.name(), HitState.existed()));
        } else {
            datasets.findVersions(keys.stream().map(DatasetVersionKey::tryParse).flatMap(Optional::stream)
                            .map(k -> Map.entry(k.dataset().value(), k.version().value())).toList(), asOf)
                    .forEach(v -> out.put(DatasetVersionKey.of(v.dataset(), v.version()).key(),
                            new HitState(null, v.quarantined(), null)));
        }
        return out;
    }
}
