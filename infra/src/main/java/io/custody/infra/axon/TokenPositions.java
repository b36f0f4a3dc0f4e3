package io.custody.infra.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * Reads the global index out of a stored tracking token (Jackson JSON). A replay token wraps the
 * current one; a gap-aware token's index is the highest position it has seen.
 */
final class TokenPositions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenPositions() {
    }

    static long index(byte[] token) {
        if (token == null) {
            return -1;
        }
        try {
            return find(JSON.readTree(token));
        } catch (IOException e) {
            return -1;
        }
    }

    private static long find(JsonNode node) {
        if (node == null || node.isNull()) {
            return -1;
        }
        if (node.has("index")) {
            return node.get("index").asLong(-1);
        }
        if (node.has("currentToken")) {
            return find(node.get("currentToken"));
        }
        return -1;
    }
}
