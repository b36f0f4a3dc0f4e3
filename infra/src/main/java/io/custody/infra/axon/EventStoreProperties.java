package io.custody.infra.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The event store's limits, under {@code custody.event-store.*} (docs/operations.md).
 *
 * @param maxEventSize the largest event it takes, payload and metadata as serialized ({@link EventSizeGuard})
 */
@ConfigurationProperties("custody.event-store")
public record EventStoreProperties(@DefaultValue("1MB") DataSize maxEventSize) {

    public EventStoreProperties {
        if (maxEventSize.toBytes() < 1) {
            throw new IllegalArgumentException(EventSizeGuard.PROPERTY + " must be positive, was " + maxEventSize);
        }
    }
}
