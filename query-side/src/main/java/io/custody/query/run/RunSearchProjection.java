package io.custody.query.run;

import io.custody.events.run.RunStarted;
import io.custody.query.search.EntityType;
import io.custody.query.search.SearchDocument;
import io.custody.query.search.SearchIndex;
import io.custody.query.support.EventPositions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Puts training runs into the search index, findable by id, experiment, code and the data they read. */
@Component
@ProcessingGroup(SearchIndex.GROUP)
class RunSearchProjection {

    private final SearchIndex index;
    private final EventPositions positions;

    RunSearchProjection(SearchIndex index, EventPositions positions) {
        this.index = index;
        this.positions = positions;
    }

    @EventHandler
    void on(RunStarted event, TrackingToken token, @Timestamp Instant at) {
        String key = event.run().value();
        String title = event.experiment() == null || event.experiment().isBlank() ? key
                : key + " (" + event.experiment() + ")";
        List<String> words = new ArrayList<>();
        words.add(event.experiment());
        if (event.code() != null) {
            words.add(event.code().repository());
            words.add(event.code().commit());
        }
        words.add(event.startedBy());
        event.inputs().forEach(input -> words.add(input.key() + " " + input.digest().value()));
        if (event.environment() != null) {
            words.add(event.environment().image());
        }
        String text = String.join(" ", words.stream().filter(Objects::nonNull).toList());
        index.put(SearchDocument.of(EntityType.RUN, key).title(title).text(text)
                .at(positions.of(token), at.toString()).build());
    }
}
