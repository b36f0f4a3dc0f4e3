package io.custody.query.security;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads {@code rm_api_token}. */
@Repository
class ApiTokenRepository {

    private static final RowMapper<ApiTokenView> VIEW = (rs, i) -> new ApiTokenView(rs.getString("token_id"),
            rs.getString("actor"), Arrays.asList((String[]) rs.getArray("roles").getArray()),
            rs.getObject("expires_at", OffsetDateTime.class), rs.getString("description"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
            rs.getObject("revoked_at", OffsetDateTime.class), rs.getString("revoked_by"), rs.getString("revoke_reason"));

    private final JdbcTemplate jdbc;

    ApiTokenRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ApiTokenView> find(String id) {
        return jdbc.query("SELECT * FROM rm_api_token WHERE token_id = ?", VIEW, id).stream().findFirst();
    }

    /** Newest first; the cursor is the token id of the previous page's last row. */
    List<ApiTokenView> page(String afterId, int limit, boolean includeRevoked) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM rm_api_token WHERE TRUE");
        if (!includeRevoked) {
            sql.append(" AND revoked_at IS NULL");
        }
        if (afterId != null) {
            sql.append(" AND (created_at, token_id) < (SELECT created_at, token_id FROM rm_api_token WHERE token_id = ?)");
            args.add(afterId);
        }
        sql.append(" ORDER BY created_at DESC, token_id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), VIEW, args.toArray());
    }

    int count(boolean includeRevoked) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM rm_api_token"
                + (includeRevoked ? "" : " WHERE revoked_at IS NULL"), Integer.class);
        return count == null ? 0 : count;
    }
}
