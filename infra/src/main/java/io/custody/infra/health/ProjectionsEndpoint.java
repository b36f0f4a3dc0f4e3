package io.custody.infra.health;

import io.custody.infra.deadletter.DeadLetters;
import io.custody.infra.store.AxonStorePositions;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /actuator/projections}: each read model's position in the log and how far it lags behind the
 * head, per segment, so an operator sees staleness before a user does; and how many events each has set aside
 * as dead letters (docs/operations.md).
 */
@Component
@Endpoint(id = "projections")
public class ProjectionsEndpoint {

    private final EventProcessingConfiguration processing;
    private final AxonStorePositions positions;
    private final DeadLetters deadLetters;

    public ProjectionsEndpoint(EventProcessingConfiguration processing, AxonStorePositions positions, DeadLetters deadLetters) {
        this.processing = processing;
        this.positions = positions;
        this.deadLetters = deadLetters;
    }

    public record SegmentStatus(int segment, long position, boolean caughtUp, boolean replaying, String error) {
    }

    public record ProjectionStatus(String name, boolean running, long position, long lag, long deadLetters,
                                   List<SegmentStatus> segments) {
    }

    public record Projections(long head, List<ProjectionStatus> projections) {
    }

    @ReadOperation
    public Projections projections() {
        long head = positions.globalHead();
        List<ProjectionStatus> out = new ArrayList<>();
        Map<String, Long> parked = deadLetters.counts();
        new TreeMap<>(processing.eventProcessors()).forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                List<SegmentStatus> segments = new ArrayList<>();
                long position = Long.MAX_VALUE;
                for (Map.Entry<Integer, EventTrackerStatus> e : new TreeMap<>(streaming.processingStatus()).entrySet()) {
                    EventTrackerStatus s = e.getValue();
                    long p = s.getCurrentPosition().orElse(-1);
                    position = Math.min(position, p);
                    segments.add(new SegmentStatus(e.getKey(), p, s.isCaughtUp(), s.isReplaying(),
                            s.isErrorState() ? String.valueOf(s.getError()) : null));
                }
                long at = segments.isEmpty() ? -1 : position;
                out.add(new ProjectionStatus(name, streaming.isRunning(), at, Math.max(0, head - at),
                        parked.getOrDefault(name, 0L), segments));
            }
        });
        return new Projections(head, out);
    }
}
