package io.custody.command.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.errors.CustodyException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch body, a JSON array or NDJSON (one JSON object per line), into items. The size limit is
 * checked while streaming, so an oversized batch is refused before it is held in memory.
 */
public final class BatchBodies {

    private BatchBodies() {
    }

    public static List<JsonNode> read(ObjectMapper json, InputStream body, boolean ndjson, int maxItems) {
        List<JsonNode> items = new ArrayList<>();
        try (JsonParser parser = json.getFactory().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return items;
            }
            if (!ndjson && first == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    add(items, json.readTree(parser), maxItems);
                }
                if (parser.currentToken() != JsonToken.END_ARRAY) {
                    throw CustodyException.badRequest("body[" + items.size() + "]", "each item must be a JSON object");
                }
                return items;
            }
            // NDJSON, or a bare sequence of objects: Jackson reads root-level values one after another.
            while (parser.currentToken() != null) {
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    throw CustodyException.badRequest("body[" + items.size() + "]", "each line must be a JSON object");
                }
                add(items, json.readTree(parser), maxItems);
                parser.nextToken();
            }
            return items;
        } catch (JsonProcessingException e) {
            throw CustodyException.badRequest("body[" + items.size() + "]", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Not the sender's JSON but the reading of it: a body over the size limit, a connection gone.
            throw new UncheckedIOException(e);
        }
    }

    private static void add(List<JsonNode> items, JsonNode item, int maxItems) {
        if (items.size() >= maxItems) {
            throw CustodyException.badRequest("body", "a batch holds at most " + maxItems + " items");
        }
        items.add(item);
    }
}
