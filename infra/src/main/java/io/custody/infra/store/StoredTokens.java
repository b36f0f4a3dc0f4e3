package io.custody.infra.store;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * The tracking tokens processors' segments have stored, read and moved as rows: Axon's token store only fetches
 * a token by claiming its segment, and has no way to drop a processor's tokens or hand one processor's token to
 * another. Tokens read are deserialized by the serializer the token store writes with.
 */
@Component
public class StoredTokens {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public StoredTokens(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Each stored segment of {@code processor} and its token (null for a segment that holds none yet). */
    public Map<Integer, TrackingToken> of(String processor) {
        Map<Integer, TrackingToken> out = new HashMap<>();
        jdbc.query("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?", rs -> {
            byte[] token = rs.getBytes("token");
            String type = rs.getString("token_type");
            out.put(rs.getInt("segment"), token == null || type == null ? null
                    : serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null)));
        }, processor);
        return out;
    }

    /** Drops every stored token of {@code processor}. */
    public void delete(String processor) {
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", processor);
    }

    /**
     * Gives every segment of {@code to} the token segment 0 of {@code from} stored, releasing their claims, and
     * drops {@code from}'s tokens; in the caller's transaction. False (and nothing changed) if {@code from} has
     * no token or {@code to} no segment.
     */
    public boolean handOver(String from, String to) {
        int updated = jdbc.update("""
                UPDATE token_entry t SET token = r.token, token_type = r.token_type, owner = NULL
                  FROM token_entry r
                 WHERE r.processor_name = ? AND r.segment = 0 AND t.processor_name = ?""", from, to);
        if (updated == 0) {
            return false;
        }
        delete(from);
        return true;
    }
}
