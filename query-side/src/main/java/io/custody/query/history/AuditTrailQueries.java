package io.custody.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.errors.CustodyException;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The audit trail across all streams, a page at a time, with each event's content loaded only when asked. */
@Controller
class AuditTrailQueries {

    private final AuditTrailRepository trail;
    private final EventStoreReader store;

    AuditTrailQueries(AuditTrailRepository trail, EventStoreReader store) {
        this.trail = trail;
        this.store = store;
    }

    @QueryMapping
    Connection<AuditEntryView> auditTrail(@Argument OffsetDateTime from, @Argument OffsetDateTime to,
                                          @Argument String actor, @Argument List<String> types,
                                          @Argument Integer first, @Argument String after) {
        int size = Cursors.pageSize(first);
        long afterPosition = -1;
        String cursor = Cursors.decode(after);
        if (cursor != null) {
            try {
                afterPosition = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw CustodyException.badRequest("after", "is not a cursor this API returned");
            }
        }
        List<AuditEntryView> rows = trail.page(new AuditTrailFilter(from, to, actor, types), afterPosition, size + 1);
        return Connection.fromOverfetch(rows, size, e -> Long.toString(e.position()), null);
    }

    @BatchMapping(typeName = "AuditEntry", field = "payload")
    Map<AuditEntryView, JsonNode> payload(List<AuditEntryView> entries) {
        return fromStore(entries, EventStoreReader.Stored::payload);
    }

    @BatchMapping(typeName = "AuditEntry", field = "payloadType")
    Map<AuditEntryView, String> payloadType(List<AuditEntryView> entries) {
        return fromStore(entries, EventStoreReader.Stored::payloadType);
    }

    @BatchMapping(typeName = "AuditEntry", field = "metadata")
    Map<AuditEntryView, JsonNode> metadata(List<AuditEntryView> entries) {
        return fromStore(entries, EventStoreReader.Stored::metadata);
    }

    private <V> Map<AuditEntryView, V> fromStore(List<AuditEntryView> entries, Function<EventStoreReader.Stored, V> part) {
        Map<Long, EventStoreReader.Stored> stored = store.stored(entries.stream().map(AuditEntryView::position)
                .distinct().toList());
        Map<AuditEntryView, V> out = new LinkedHashMap<>();
        entries.forEach(e -> {
            EventStoreReader.Stored s = stored.get(e.position());
            if (s != null) {
                out.put(e, part.apply(s));
            }
        });
        return out;
    }
}
