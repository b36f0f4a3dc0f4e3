package io.custody.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.webhook.WebhookDisabled;
import io.custody.events.webhook.WebhookEnabled;
import io.custody.events.webhook.WebhookEvent;
import io.custody.events.webhook.WebhookRegistered;
import io.custody.events.webhook.WebhookRemoved;
import io.custody.meta.Metadata;
import io.custody.query.support.EventPositions;
import io.custody.values.NotificationKind;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The tracking processor {@value #GROUP}: keeps the webhook registry ({@code wh_webhook}) and writes one outbox
 * row ({@code wh_delivery}) per notifying event and subscribed webhook, in the processor's transaction with its
 * token, so a restart neither loses nor doubles a row. It never sends anything: the {@link DeliveryWorker} does,
 * so a slow receiver cannot hold this processor back, and through it neither ingest (which waits for lagging
 * processors) nor mutations (which wait for every processor to apply their events).
 *
 * <p>Not an annotated handler: {@link #canHandleType} answers from the event's class alone, so the processor
 * skips prediction batches without deserializing them, and alerts are matched by class name without compiling
 * against the monitoring context. Not a read model either: it is never rebuilt, since a replay would queue
 * past notifications again (the rows' keys make that a no-op, but the registry guard below is what keeps a
 * webhook from receiving events recorded before it was registered).
 */
@Component
public class NotificationOutbox implements EventMessageHandler {

    public static final String GROUP = "webhook-outbox";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventPositions positions;
    private final DeliveryWake wake;

    NotificationOutbox(JdbcTemplate jdbc, ObjectMapper json, EventPositions positions, DeliveryWake wake) {
        this.jdbc = jdbc;
        this.json = json;
        this.positions = positions;
        this.wake = wake;
    }

    @Override
    public boolean canHandleType(Class<?> payloadType) {
        return WebhookEvent.class.isAssignableFrom(payloadType) || Notifications.kindOf(payloadType).isPresent();
    }

    @Override
    public boolean canHandle(EventMessage<?> event) {
        return canHandleType(event.getPayloadType());
    }

    @Override
    public Object handle(EventMessage<?> event) {
        Object payload = event.getPayload();
        Instant at = event.getTimestamp();
        String actor = (String) event.getMetaData().get(Metadata.ACTOR);
        if (payload instanceof WebhookRegistered registered) {
            register(registered, position(event), at, actor);
        } else if (payload instanceof WebhookDisabled disabled) {
            jdbc.update("UPDATE wh_webhook SET state = 'DISABLED', state_reason = ?, changed_at = ?, changed_by = ? "
                    + "WHERE webhook_id = ? AND state = 'ACTIVE'", disabled.reason(), Timestamp.from(at), actor,
                    disabled.id().value());
        } else if (payload instanceof WebhookEnabled enabled) {
            jdbc.update("UPDATE wh_webhook SET state = 'ACTIVE', state_reason = NULL, changed_at = ?, changed_by = ? "
                    + "WHERE webhook_id = ? AND state = 'DISABLED'", Timestamp.from(at), actor, enabled.id().value());
        } else if (payload instanceof WebhookRemoved removed) {
            remove(removed, at, actor);
        } else {
            Notifications.kindOf(payload).ifPresent(kind -> enqueue(event, kind, actor));
        }
        return null;
    }

    private void register(WebhookRegistered event, long position, Instant at, String actor) {
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO wh_webhook (webhook_id, url, kinds, secret_fingerprint, description, state,
                                            registered_position, registered_at, registered_by)
                    VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)
                    ON CONFLICT (webhook_id) DO NOTHING""");
            statement.setString(1, event.id().value());
            statement.setString(2, event.url());
            statement.setArray(3, connection.createArrayOf("text", event.kinds().stream().map(Enum::name).toArray()));
            statement.setString(4, event.secretFingerprint());
            statement.setString(5, event.description());
            statement.setLong(6, position);
            statement.setTimestamp(7, Timestamp.from(at));
            statement.setString(8, actor == null ? "unknown" : actor);
            return statement;
        });
    }

    private void remove(WebhookRemoved event, Instant at, String actor) {
        jdbc.update("UPDATE wh_webhook SET state = 'REMOVED', state_reason = ?, changed_at = ?, changed_by = ? "
                + "WHERE webhook_id = ? AND state <> 'REMOVED'", event.reason(), Timestamp.from(at), actor, event.id().value());
        jdbc.update("UPDATE wh_delivery SET state = 'CANCELLED', finished_at = ?, next_attempt_at = NULL "
                + "WHERE webhook_id = ? AND state = 'PENDING'", Timestamp.from(at), event.id().value());
    }

    /**
     * One row per active webhook subscribed to the kind and registered before the event. The delivery id is a
     * function of (webhook, event), so the row's key is stable across restarts and replays, and a receiver can
     * deduplicate by it.
     */
    private void enqueue(EventMessage<?> event, NotificationKind kind, String actor) {
        long position = position(event);
        String stream = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        byte[] body = NotificationBody.render(json, new NotificationBody.Notified(kind, event.getPayloadType().getName(),
                event.getIdentifier(), position, stream, event.getTimestamp(),
                (String) event.getMetaData().get(Metadata.EVENT_TIME), actor,
                (String) event.getMetaData().get(Metadata.CORRELATION_ID), event.getPayload()));
        int queued = jdbc.update("""
                INSERT INTO wh_delivery (delivery_id, webhook_id, event_id, position, kind, event_type, body, state,
                                         attempts, next_attempt_at, created_at)
                SELECT md5(w.webhook_id || '/' || ?)::uuid, w.webhook_id, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?
                FROM wh_webhook w
                WHERE w.state = 'ACTIVE' AND ? = ANY (w.kinds) AND w.registered_position < ?
                ON CONFLICT (delivery_id) DO NOTHING""",
                event.getIdentifier(), event.getIdentifier(), position, kind.name(), event.getPayloadType().getName(),
                body, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()), kind.name(), position);
        if (queued > 0 && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> wake.ping());
        }
    }

    private long position(EventMessage<?> event) {
        return Optional.of(event).filter(TrackedEventMessage.class::isInstance).map(TrackedEventMessage.class::cast)
                .map(tracked -> positions.of(tracked.trackingToken())).orElse(-1L);
    }
}
