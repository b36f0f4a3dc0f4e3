package io.custody.query.history;

import io.custody.errors.CustodyException;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

@Controller
class HistoryQueries {

    private final EventStoreReader store;

    HistoryQueries(EventStoreReader store) {
        this.store = store;
    }

    @QueryMapping
    List<HistoryEvent> history(@Argument String stream, @Argument Long afterSequence, @Argument Integer first) {
        if (stream == null || stream.isBlank() || stream.length() > 600) {
            throw CustodyException.badRequest("stream", "must be a stream id such as dataset:lending/applications");
        }
        int limit = first == null ? 1000 : first;
        if (limit < 1 || limit > 10_000) {
            throw CustodyException.badRequest("first", "must be between 1 and 10000");
        }
        return store.stream(stream, afterSequence == null ? -1 : afterSequence, limit);
    }
}
