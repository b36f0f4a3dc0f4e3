package io.custody.query.deployment;

import io.custody.events.deployment.DeploymentEvent;
import io.custody.events.model.ModelRegistered;
import io.custody.meta.Streams;
import io.custody.query.deployment.ServingRules.Stint;
import io.custody.query.search.EntityType;
import io.custody.query.search.SearchDocument;
import io.custody.query.search.SearchIndex;
import io.custody.query.support.EventPositions;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Puts deployments into the search index: which model version serves there now, and whether anything
 * is live. The serving state is folded from the deployment's own stream in the event store, up to the
 * event being applied, so the document is a function of the log alone: the same on a replay, and
 * independent of how far any other processor has got. Deployment streams are short, so the fold is
 * cheap. Owner and domain are the serving model's, from its registration, which is immutable.
 */
@Component
@ProcessingGroup(SearchIndex.GROUP)
class DeploymentSearchProjection {

    private final SearchIndex index;
    private final EventStorageEngine store;
    private final EventPositions positions;

    DeploymentSearchProjection(SearchIndex index, EventStorageEngine store, EventPositions positions) {
        this.index = index;
        this.store = store;
        this.positions = positions;
    }

    @EventHandler
    void on(DeploymentEvent event, TrackingToken token, @Timestamp Instant at, @SequenceNumber long sequence) {
        String key = event.environment().value() + "/" + event.service().value();
        List<Stint> open = List.of();
        Set<ModelVersionRef> served = new LinkedHashSet<>();
        ModelVersionRef last = null;
        DomainEventStream stream = store.readEvents(Streams.deployment(event.environment(), event.service()), 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getSequenceNumber() > sequence) {
                break;
            }
            if (message.getPayload() instanceof DeploymentEvent past) {
                ServingRules.Transition transition = ServingRules.of(open, past);
                for (ServingRules.Start start : transition.starts()) {
                    served.add(start.version());
                    last = start.version();
                }
                open = transition.applyTo(open, message.getSequenceNumber());
            }
        }
        Optional<Stint> primary = open.stream().filter(s -> !s.canary()).findFirst();
        List<Stint> canaries = open.stream().filter(Stint::canary).toList();
        ModelVersionRef representative = primary.map(Stint::version)
                .orElse(canaries.isEmpty() ? last : canaries.get(0).version());
        Optional<ModelRegistered> model = representative == null ? Optional.empty() : registration(representative.model());

        List<String> words = new ArrayList<>(List.of(event.environment().value(), event.service().value()));
        served.forEach(v -> words.add(v + " " + v.model().value()));
        index.put(SearchDocument.of(EntityType.DEPLOYMENT, key).title(title(key, primary, canaries))
                .text(String.join(" ", words)).owner(model.map(m -> m.owner().value()).orElse(null))
                .domain(model.map(ModelRegistered::domain).orElse(null)).environment(event.environment().value())
                .live(!open.isEmpty()).at(positions.of(token), at.toString()).build());
    }

    static String title(String key, Optional<Stint> primary, List<Stint> canaries) {
        return title(key, primary.map(p -> p.version().toString()).orElse(null),
                canaries.stream().map(c -> Map.entry(c.version().toString(), Optional.ofNullable(c.share()))).toList());
    }

    /** The title of a deployment document: what serves there, primary first, then canaries with their shares. */
    static String title(String key, String primary, List<Map.Entry<String, Optional<Double>>> canaries) {
        if (primary == null && canaries.isEmpty()) {
            return key + " (not serving)";
        }
        StringBuilder title = new StringBuilder(key).append(" serving ");
        if (primary != null) {
            title.append(primary);
        }
        String canaryText = canaries.stream()
                .map(c -> "canary " + c.getKey() + c.getValue()
                        .map(share -> String.format(Locale.ROOT, " at %s%%", percent(share))).orElse(""))
                .collect(Collectors.joining(", "));
        if (!canaryText.isEmpty()) {
            title.append(primary != null ? ", " : "").append(canaryText);
        }
        return title.toString();
    }

    /** 0.1 as "10", 0.125 as "12.5": decimal arithmetic, since 0.1 * 100 is not 10 in binary. */
    private static String percent(double share) {
        return BigDecimal.valueOf(share).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    private Optional<ModelRegistered> registration(ModelName model) {
        DomainEventStream stream = store.readEvents(Streams.model(model), 0);
        return stream.hasNext() && stream.next().getPayload() instanceof ModelRegistered registered
                ? Optional.of(registered) : Optional.empty();
    }
}
