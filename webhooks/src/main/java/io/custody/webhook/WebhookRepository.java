package io.custody.webhook;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the registry, the outbox and the attempt log. */
@Repository
class WebhookRepository {

    private static final RowMapper<WebhookView> WEBHOOK = (rs, i) -> new WebhookView(rs.getString("webhook_id"),
            rs.getString("url"), Arrays.asList((String[]) rs.getArray("kinds").getArray()),
            rs.getString("secret_fingerprint"), rs.getString("description"), rs.getString("state"),
            rs.getString("state_reason"), rs.getObject("registered_at", OffsetDateTime.class),
            rs.getString("registered_by"), rs.getObject("changed_at", OffsetDateTime.class), rs.getString("changed_by"));

    private static final RowMapper<DeliveryView> DELIVERY = (rs, i) -> new DeliveryView(
            rs.getObject("delivery_id", UUID.class), rs.getString("webhook_id"), rs.getString("event_id"),
            rs.getLong("position"), rs.getString("kind"), rs.getString("event_type"), rs.getString("state"),
            rs.getInt("attempts"), rs.getObject("next_attempt_at", OffsetDateTime.class),
            (Integer) rs.getObject("last_status_code"), rs.getString("last_error"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));

    private static final RowMapper<AttemptView> ATTEMPT = (rs, i) -> new AttemptView(
            rs.getObject("delivery_id", UUID.class), rs.getInt("attempt"),
            rs.getObject("started_at", OffsetDateTime.class), rs.getLong("duration_ms"),
            (Integer) rs.getObject("status_code"), rs.getString("error"), rs.getString("outcome"),
            rs.getObject("next_attempt_at", OffsetDateTime.class));

    private static final String DELIVERY_COLUMNS = "delivery_id, webhook_id, event_id, position, kind, event_type, "
            + "state, attempts, next_attempt_at, last_status_code, last_error, created_at, finished_at";

    private final JdbcTemplate jdbc;

    WebhookRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<WebhookView> find(String id) {
        return jdbc.query("SELECT * FROM wh_webhook WHERE webhook_id = ?", WEBHOOK, id).stream().findFirst();
    }

    /** Newest first; the cursor is the webhook id of the previous page's last row. */
    List<WebhookView> page(String afterId, int limit, boolean includeRemoved) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM wh_webhook WHERE TRUE");
        if (!includeRemoved) {
            sql.append(" AND state <> 'REMOVED'");
        }
        if (afterId != null) {
            sql.append(" AND (registered_position, webhook_id) < "
                    + "(SELECT registered_position, webhook_id FROM wh_webhook WHERE webhook_id = ?)");
            args.add(afterId);
        }
        sql.append(" ORDER BY registered_position DESC, webhook_id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), WEBHOOK, args.toArray());
    }

    int count(boolean includeRemoved) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM wh_webhook"
                + (includeRemoved ? "" : " WHERE state <> 'REMOVED'"), Integer.class);
        return count == null ? 0 : count;
    }

    /** A webhook's deliveries, newest event first; the cursor is the previous page's last delivery id. */
    List<DeliveryView> deliveries(String webhook, String state, UUID after, int limit) {
        List<Object> args = new ArrayList<>(List.of(webhook));
        StringBuilder sql = new StringBuilder("SELECT " + DELIVERY_COLUMNS + " FROM wh_delivery WHERE webhook_id = ?");
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state);
        }
        if (after != null) {
            sql.append(" AND (position, delivery_id) < (SELECT position, delivery_id FROM wh_delivery WHERE delivery_id = ?)");
            args.add(after);
        }
        sql.append(" ORDER BY position DESC, delivery_id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), DELIVERY, args.toArray());
    }

    int countDeliveries(String webhook, String state) {
        Integer count = state == null
                ? jdbc.queryForObject("SELECT count(*) FROM wh_delivery WHERE webhook_id = ?", Integer.class, webhook)
                : jdbc.queryForObject("SELECT count(*) FROM wh_delivery WHERE webhook_id = ? AND state = ?",
                        Integer.class, webhook, state);
        return count == null ? 0 : count;
    }

    /** The attempts of many deliveries at once, in attempt order. */
    List<AttemptView> attempts(Collection<UUID> deliveries) {
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT * FROM wh_delivery_attempt WHERE delivery_id = ANY (?) "
                    + "ORDER BY delivery_id, attempt");
            statement.setArray(1, connection.createArrayOf("uuid", deliveries.toArray()));
            return statement;
        }, ATTEMPT);
    }
}
