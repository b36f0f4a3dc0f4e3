package io.custody.query.model;

import io.custody.query.search.EntityType;
import io.custody.query.search.SearchTimeline;
import io.custody.query.support.AsOf;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Models and model versions at an instant, for search asked {@code asOf}: which existed. */
@Component
class ModelSearchTimeline implements SearchTimeline {

    private final ModelRepository models;

    ModelSearchTimeline(ModelRepository models) {
        this.models = models;
    }

    @Override
    public Set<EntityType> types() {
        return Set.of(EntityType.MODEL, EntityType.MODEL_VERSION);
    }

    @Override
    public Map<String, HitState> statesAt(EntityType type, Collection<String> keys, AsOf asOf) {
        Map<String, HitState> out = new LinkedHashMap<>();
        if (type == EntityType.MODEL) {
            models.findAll(keys, asOf).forEach(m -> out.put(m.name(), HitState.existed()));
        } else {
            models.findVersions(keys.stream().map(ModelSearchTimeline::versionKey).filter(java.util.Objects::nonNull)
                    .toList(), asOf).forEach(v -> out.put(v.key().toString(), HitState.existed()));
        }
        return out;
    }

    private static ModelVersionKey versionKey(String key) {
        int hash = key.lastIndexOf('#');
        try {
            return hash > 0 ? new ModelVersionKey(key.substring(0, hash), Integer.parseInt(key.substring(hash + 1)))
                    : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
