package io.custody.command.security;

import io.custody.values.ActorName;
import io.custody.values.ApiTokenId;
import io.custody.values.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link ApiTokenCredentials} on {@code cs_api_token}; writes join the command's transaction. */
@Component
class JdbcApiTokenCredentials implements ApiTokenCredentials {

    private final JdbcTemplate jdbc;

    JdbcApiTokenCredentials(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void store(Credential credential, Instant createdAt) {
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("INSERT INTO cs_api_token (token_id, actor, roles, expires_at, "
                    + "salt, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            statement.setString(1, credential.id().value());
            statement.setString(2, credential.actor().value());
            statement.setArray(3, connection.createArrayOf("text",
                    credential.roles().stream().map(Role::name).toArray()));
            statement.setTimestamp(4, credential.expiresAt() == null ? null : Timestamp.from(credential.expiresAt()));
            statement.setBytes(5, credential.salt());
            statement.setBytes(6, credential.hash());
            statement.setTimestamp(7, Timestamp.from(createdAt));
            return statement;
        });
    }

    @Override
    public void revoke(ApiTokenId id, Instant revokedAt) {
        jdbc.update("UPDATE cs_api_token SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL",
                Timestamp.from(revokedAt), id.value());
    }

    @Override
    public Optional<Credential> find(ApiTokenId id) {
        return jdbc.query("SELECT actor, roles, expires_at, salt, hash, revoked_at FROM cs_api_token WHERE token_id = ?",
                (rs, i) -> new Credential(id, ActorName.of(rs.getString("actor")), roles(rs.getArray("roles")),
                        instant(rs, "expires_at"), rs.getBytes("salt"), rs.getBytes("hash"),
                        instant(rs, "revoked_at")), id.value()).stream().findFirst();
    }

    @Override
    public boolean anyActiveAt(Instant now) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM cs_api_token WHERE revoked_at IS NULL "
                + "AND (expires_at IS NULL OR expires_at > ?))", Boolean.class, Timestamp.from(now)));
    }

    private static Set<Role> roles(Array array) throws SQLException {
        Set<Role> roles = Arrays.stream((String[]) array.getArray()).map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return Set.copyOf(roles);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
