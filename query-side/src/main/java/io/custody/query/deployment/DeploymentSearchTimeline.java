package io.custody.query.deployment;

import io.custody.query.search.EntityType;
import io.custody.query.search.SearchTimeline;
import io.custody.query.support.AsOf;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deployments at an instant, for search asked {@code asOf}: which existed, whether anything was live, and
 * the title naming what served, all from the liveness intervals as of that instant.
 */
@Component
class DeploymentSearchTimeline implements SearchTimeline {

    private final DeploymentRepository deployments;

    DeploymentSearchTimeline(DeploymentRepository deployments) {
        this.deployments = deployments;
    }

    @Override
    public Set<EntityType> types() {
        return Set.of(EntityType.DEPLOYMENT);
    }

    @Override
    public Map<String, HitState> statesAt(EntityType type, Collection<String> keys, AsOf asOf) {
        List<DeploymentKey> wanted = keys.stream().map(DeploymentSearchTimeline::deploymentKey)
                .filter(Objects::nonNull).distinct().toList();
        Map<DeploymentKey, List<DeploymentIntervalView>> serving = deployments.intervalsOf(wanted, true, asOf).stream()
                .collect(Collectors.groupingBy(DeploymentIntervalView::deploymentKey));
        Map<String, HitState> out = new LinkedHashMap<>();
        deployments.findAll(wanted, asOf).forEach(d -> {
            List<DeploymentIntervalView> open = serving.getOrDefault(d.key(), List.of());
            String primary = open.stream().filter(i -> !i.canary()).reduce((a, b) -> b)
                    .map(i -> i.modelVersionKey().toString()).orElse(null);
            List<Map.Entry<String, Optional<Double>>> canaries = open.stream().filter(DeploymentIntervalView::canary)
                    .sorted(Comparator.comparing(DeploymentIntervalView::fromPosition))
                    .map(i -> Map.entry(i.modelVersionKey().toString(), Optional.ofNullable(i.share()))).toList();
            String key = d.key().toString();
            out.put(key, new HitState(d.live(), null, DeploymentSearchProjection.title(key, primary, canaries)));
        });
        return out;
    }

    private static DeploymentKey deploymentKey(String key) {
        int slash = key.indexOf('/');
        return slash > 0 ? new DeploymentKey(key.substring(0, slash), key.substring(slash + 1)) : null;
    }
}
