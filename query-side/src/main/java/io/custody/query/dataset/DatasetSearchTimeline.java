package io.custody.query.dataset;

import io.custody.query.search.EntityType;
import io.custody.query.search.SearchTimeline;
import io.custody.query.support.AsOf;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
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
            datasets.findVersions(keys.stream().filter(k -> k.lastIndexOf('@') > 0)
                            .map(k -> Map.entry(k.substring(0, k.lastIndexOf('@')), k.substring(k.lastIndexOf('@') + 1)))
                            .toList(), asOf)
                    .forEach(v -> out.put(v.dataset() + "@" + v.version(), new HitState(null, v.quarantined(), null)));
        }
        return out;
    }
}
