package io.custody.webhook;

import io.custody.values.WebhookId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The outbox as the delivery worker sees it: due rows claimed under a lease, and each attempt's result
 * recorded with the row's new state in one transaction.
 */
@Component
class DeliveryStore {

    /** A delivery claimed for one attempt. */
    record Claimed(UUID id, WebhookId webhook, String url, String eventId, String eventType, byte[] body,
                   int attempt) {
    }

    /** What one attempt came to. */
    enum Outcome { DELIVERED, RETRY, GAVE_UP, CANCELLED }

    /** One attempt's result; {@code nextAttemptAt} only for {@link Outcome#RETRY}. */
    record Attempted(Claimed delivery, Instant startedAt, Duration took, Integer statusCode, String error,
                     Outcome outcome, Instant nextAttemptAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    DeliveryStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    /**
     * Claims up to {@code limit} due deliveries, the oldest due of each active webhook that has none in flight
     * (here: {@code busy}; on any instance: an unexpired lease). The lease outlives one attempt; a claim whose
     * instance died is due again when it expires, so it is sent again (at least once) rather than lost.
     */
    List<Claimed> claimDue(int limit, Collection<String> busy, Instant now, Duration lease) {
        Timestamp at = Timestamp.from(now);
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    WITH due AS (
                        SELECT DISTINCT ON (d.webhook_id) d.delivery_id
                        FROM wh_delivery d
                        JOIN wh_webhook w ON w.webhook_id = d.webhook_id AND w.state = 'ACTIVE'
                        WHERE d.state = 'PENDING' AND d.next_attempt_at <= ?
                          AND (d.leased_until IS NULL OR d.leased_until < ?)
                          AND NOT (d.webhook_id = ANY (?))
                          AND NOT EXISTS (SELECT 1 FROM wh_delivery o WHERE o.webhook_id = d.webhook_id
                                          AND o.state = 'PENDING' AND o.leased_until >= ?)
                        ORDER BY d.webhook_id, d.next_attempt_at, d.position
                        LIMIT ?)
                    UPDATE wh_delivery d SET leased_until = ?
                    FROM due, wh_webhook w
                    WHERE d.delivery_id = due.delivery_id AND w.webhook_id = d.webhook_id
                      AND d.state = 'PENDING' AND (d.leased_until IS NULL OR d.leased_until < ?)
                    RETURNING d.delivery_id, d.webhook_id, w.url, d.event_id, d.event_type, d.body, d.attempts""");
            statement.setTimestamp(1, at);
            statement.setTimestamp(2, at);
            statement.setArray(3, connection.createArrayOf("text", busy.toArray()));
            statement.setTimestamp(4, at);
            statement.setInt(5, limit);
            statement.setTimestamp(6, Timestamp.from(now.plus(lease)));
            statement.setTimestamp(7, at);
            return statement;
        }, (rs, i) -> new Claimed(rs.getObject("delivery_id", UUID.class), WebhookId.of(rs.getString("webhook_id")),
                rs.getString("url"), rs.getString("event_id"), rs.getString("event_type"), rs.getBytes("body"),
                rs.getInt("attempts") + 1));
    }

    /** Logs the attempt and moves the delivery on; a delivery cancelled meanwhile stays cancelled. */
    void record(Attempted attempt) {
        Timestamp next = attempt.nextAttemptAt() == null ? null : Timestamp.from(attempt.nextAttemptAt());
        String state = switch (attempt.outcome()) {
            case DELIVERED -> "DELIVERED";
            case RETRY -> "PENDING";
            case GAVE_UP -> "FAILED";
            case CANCELLED -> "CANCELLED";
        };
        Timestamp finished = attempt.outcome() == Outcome.RETRY ? null
                : Timestamp.from(attempt.startedAt().plus(attempt.took()));
        transactions.executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO wh_delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, error,
                                                     outcome, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (delivery_id, attempt) DO NOTHING""",
                    attempt.delivery().id(), attempt.delivery().attempt(), Timestamp.from(attempt.startedAt()),
                    attempt.took().toMillis(), attempt.statusCode(), attempt.error(), attempt.outcome().name(), next);
            jdbc.update("""
                    UPDATE wh_delivery SET attempts = ?, state = ?, last_status_code = ?, last_error = ?,
                                           next_attempt_at = ?, leased_until = NULL, finished_at = ?
                    WHERE delivery_id = ? AND state = 'PENDING'""",
                    attempt.delivery().attempt(), state, attempt.statusCode(), attempt.error(), next, finished,
                    attempt.delivery().id());
        });
    }

    /**
     * Gives back the leases of claims this instance will not attempt (it is stopping), so they are due again at
     * once, here after a restart or on another instance, rather than when the lease would have run out.
     */
    void release(Collection<UUID> deliveries) {
        for (UUID delivery : deliveries) {
            jdbc.update("UPDATE wh_delivery SET leased_until = NULL WHERE delivery_id = ? AND state = 'PENDING'",
                    delivery);
        }
    }
}
