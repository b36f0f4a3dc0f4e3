package io.custody.query.run;

import io.custody.query.search.EntityType;
import io.custody.query.search.SearchTimeline;
import io.custody.query.support.AsOf;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Runs at an instant, for search asked {@code asOf}: which existed. */
@Component
class RunSearchTimeline implements SearchTimeline {

    private final RunRepository runs;

    RunSearchTimeline(RunRepository runs) {
        this.runs = runs;
    }

    @Override
    public Set<EntityType> types() {
        return Set.of(EntityType.RUN);
    }

    @Override
    public Map<String, HitState> statesAt(EntityType type, Collection<String> keys, AsOf asOf) {
        Map<String, HitState> out = new LinkedHashMap<>();
        runs.findAll(keys, asOf).forEach(r -> out.put(r.id(), HitState.existed()));
        return out;
    }
}
