package io.custody.webhook;

import io.custody.errors.CustodyException;
import io.custody.payloads.WebhookPayload;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code webhooks}, {@code webhookDeliveries}, and the webhook field of the webhook mutations' payload. */
@Controller
class WebhookQueries {

    private final WebhookRepository webhooks;

    WebhookQueries(WebhookRepository webhooks) {
        this.webhooks = webhooks;
    }

    @QueryMapping
    Connection<WebhookView> webhooks(@Argument Integer first, @Argument String after, @Argument Boolean includeRemoved) {
        int size = Cursors.pageSize(first);
        boolean removed = includeRemoved != null && includeRemoved;
        List<WebhookView> rows = webhooks.page(Cursors.decode(after), size + 1, removed);
        return Connection.fromOverfetch(rows, size, WebhookView::id, webhooks.count(removed));
    }

    @QueryMapping
    Connection<DeliveryView> webhookDeliveries(@Argument String webhook, @Argument String state,
                                               @Argument Integer first, @Argument String after) {
        int size = Cursors.pageSize(first);
        if (webhooks.find(webhook).isEmpty()) {
            throw CustodyException.notFound("webhook", "there is no webhook " + webhook);
        }
        UUID afterId = Cursors.parse(Cursors.decode(after), decoded -> decoded == null ? null : UUID.fromString(decoded));
        List<DeliveryView> rows = webhooks.deliveries(webhook, state, afterId, size + 1);
        return Connection.fromOverfetch(rows, size, d -> d.id().toString(), webhooks.countDeliveries(webhook, state));
    }

    @BatchMapping(typeName = "WebhookDelivery", field = "attemptLog")
    Map<DeliveryView, List<AttemptView>> attemptLog(List<DeliveryView> deliveries) {
        Map<UUID, List<AttemptView>> byDelivery = webhooks.attempts(deliveries.stream().map(DeliveryView::id).toList())
                .stream().collect(Collectors.groupingBy(AttemptView::delivery));
        return deliveries.stream().collect(Collectors.toMap(Function.identity(),
                d -> byDelivery.getOrDefault(d.id(), List.of()), (a, b) -> a));
    }

    @SchemaMapping(typeName = "WebhookPayload", field = "webhook")
    WebhookView webhook(WebhookPayload payload) {
        return webhooks.find(payload.id().value()).orElse(null);
    }
}
