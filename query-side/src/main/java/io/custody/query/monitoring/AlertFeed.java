package io.custody.query.monitoring;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Alerts as they change, for the {@code alerts} subscription: the projection offers each after its transaction
 * commits, and a subscriber that is too slow misses alerts rather than holding the projection back.
 */
@Component
public class AlertFeed {

    private final Sinks.Many<AlertView> sink = Sinks.many().multicast().directBestEffort();

    void offer(AlertView alert) {
        sink.tryEmitNext(alert);
    }

    public Flux<AlertView> alerts() {
        return sink.asFlux();
    }
}
