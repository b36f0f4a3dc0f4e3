package io.custody.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Webhook delivery, under {@code custody.webhooks.*} (docs/operations.md, docs/webhooks.md).
 *
 * @param deliveryEnabled   run the delivery worker on this instance; the outbox is written either way, and any
 *                          instance with the worker on sends it
 * @param pollInterval      how often the worker looks for due deliveries when nothing woke it
 * @param connectTimeout    the longest a connection to a receiver may take
 * @param requestTimeout    the longest one attempt may take, from sending to the end of the response
 * @param maxConcurrency    attempts in flight at once on this instance, over all webhooks; each webhook has at
 *                          most one, so a hanging receiver holds one of these and no more
 * @param initialBackoff    the wait after the first failed attempt
 * @param backoffMultiplier each further failed attempt multiplies the wait by this
 * @param maxBackoff        the longest wait between two attempts
 * @param maxAttempts       attempts before a delivery is given up (FAILED)
 */
@ConfigurationProperties("custody.webhooks")
public record WebhookProperties(@DefaultValue("true") boolean deliveryEnabled,
                                @DefaultValue("250ms") Duration pollInterval,
                                @DefaultValue("5s") Duration connectTimeout,
                                @DefaultValue("10s") Duration requestTimeout,
                                @DefaultValue("8") int maxConcurrency,
                                @DefaultValue("10s") Duration initialBackoff,
                                @DefaultValue("2") double backoffMultiplier,
                                @DefaultValue("1h") Duration maxBackoff,
                                @DefaultValue("15") int maxAttempts) {

    public Backoff backoff() {
        return new Backoff(initialBackoff, backoffMultiplier, maxBackoff, maxAttempts);
    }
}
