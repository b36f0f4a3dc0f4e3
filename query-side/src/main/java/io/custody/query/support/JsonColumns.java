package io.custody.query.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.springframework.stereotype.Component;

import java.sql.SQLException;

/** Writes and reads JSONB columns with the application's ObjectMapper, so values round-trip as the API shows them. */
@Component
public class JsonColumns {

    private final ObjectMapper json;

    public JsonColumns(ObjectMapper json) {
        this.json = json;
    }

    /** JSON text for a {@code ?::jsonb} parameter; null stays SQL NULL. */
    public String write(Object value) {
        if (value == null || value instanceof NullNode) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise read-model column", e);
        }
    }

    public JsonNode read(String value) throws SQLException {
        if (value == null) {
            return null;
        }
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable json column", e);
        }
    }

    public <T> T read(String value, Class<T> type) throws SQLException {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable json column", e);
        }
    }

    public ObjectMapper mapper() {
        return json;
    }
}
