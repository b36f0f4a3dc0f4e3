package io.custody.command.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.api.ConcurrentAppend;
import io.custody.errors.CustodyException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/events}: lifecycle commands from services that don't speak GraphQL. Each item is
 * {@code {type, clientEventId, eventTime?, payload}}, where {@code type} is a command name and
 * {@code payload} has exactly the fields of the GraphQL mutation's input. Items run in order (a
 * dataset's registration before its versions), each on its own: one rejected item does not stop the
 * rest. The batch waits once, at the end, for the read models. Each command also needs the role its
 * mutation needs: one the caller may not send refuses the whole batch, before anything is stored.
 */
@Component
public class LifecycleIngest {

    public static final int MAX_BATCH = 1_000;

    private final IngestRoutes routes;
    private final CommandDispatcher dispatcher;
    private final ObjectMapper json;
    private final OperationAccess access;

    public LifecycleIngest(IngestRoutes routes, CommandDispatcher dispatcher, ObjectMapper json,
                           OperationAccess access) {
        this.routes = routes;
        this.dispatcher = dispatcher;
        this.json = json;
        this.access = access;
    }

    public IngestReply ingest(List<JsonNode> items, Caller caller) {
        authorize(items);
        List<ItemResult> results = new ArrayList<>(items.size());
        long highest = -1;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String clientEventId = text(item, "clientEventId");
            try {
                if (clientEventId == null || clientEventId.isBlank()) {
                    throw CustodyException.badRequest("clientEventId", "is required: it makes re-sending safe");
                }
                IngestRoutes.Route route = routes.route(text(item, "type"));
                Object input = read(item.get("payload"), route.inputType());
                Object command = route.toCommand().apply(input, caller);
                CommandDispatcher.Dispatched done = dispatcher.dispatch(command, route.streamOf(command), caller,
                        clientEventId, eventTime(item), false);
                highest = Math.max(highest, done.receipt().position());
                results.add(done.receipt().changed() ? ItemResult.accepted(i, clientEventId)
                        : ItemResult.duplicate(i, clientEventId, "already recorded; nothing changed"));
            } catch (CustodyException e) {
                results.add(ItemResult.rejected(i, clientEventId, e.field() == null || e.field().startsWith("input")
                        ? new CustodyException(e.code(), payloadPath(e.field()), e.getMessage()) : e));
            } catch (AggregateNotFoundException e) {
                results.add(ItemResult.rejected(i, clientEventId, CustodyException.notFound("payload",
                        "no " + String.valueOf(e.getAggregateIdentifier()).replaceFirst(":", " ") + " is registered")));
            } catch (RuntimeException e) {
                if (!ConcurrentAppend.isConcurrentAppend(e)) {
                    throw e;
                }
                results.add(ItemResult.rejected(i, clientEventId, CustodyException.conflict(null,
                        "another change to the same entity was recorded at the same moment; re-send")));
            }
        }
        if (highest >= 0) {
            dispatcher.await(highest);
        }
        return IngestReply.of(results, highest);
    }

    /** An item of an unknown type is left to its own rejection: it runs nothing. */
    private void authorize(List<JsonNode> items) {
        for (int i = 0; i < items.size(); i++) {
            String type = text(items.get(i), "type");
            if (type == null || !routes.types().contains(type)) {
                continue;
            }
            JsonNode payload = items.get(i).get("payload");
            Map<String, Object> input = payload != null && payload.isObject()
                    ? json.convertValue(payload, new TypeReference<Map<String, Object>>() { }) : Map.of();
            String item = "[" + i + "].type";
            access.refusal(type, input).ifPresent(refusal -> {
                throw CustodyException.forbidden(item, type + ": " + refusal);
            });
        }
    }

    private Object read(JsonNode payload, Class<?> type) {
        if (payload == null || !payload.isObject()) {
            throw CustodyException.badRequest("payload", "is required and must be a JSON object");
        }
        ObjectReader reader = json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return reader.readValue(payload);
        } catch (UnrecognizedPropertyException e) {
            throw CustodyException.badRequest("payload." + e.getPropertyName(), "is not a field of " + type.getSimpleName()
                    + "; known fields: " + e.getKnownPropertyIds());
        } catch (IOException e) {
            throw CustodyException.badRequest("payload", "does not match " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String payloadPath(String field) {
        if (field == null) {
            return null;
        }
        return "payload" + field.substring("input".length());
    }

    private static String eventTime(JsonNode item) {
        String text = text(item, "eventTime");
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException e) {
            throw CustodyException.badRequest("eventTime", "must be an ISO-8601 instant, e.g. 2026-01-15T09:00:00Z");
        }
    }

    private static String text(JsonNode item, String name) {
        JsonNode value = item.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
