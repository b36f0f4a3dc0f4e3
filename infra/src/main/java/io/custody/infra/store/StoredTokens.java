package io.custody.infra.store;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * The tracking tokens a processor's segments have stored, read without claiming them (Axon's token store only
 * fetches a token by claiming its segment) and deserialized by the serializer the token store writes with.
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
}
