package io.custody.infra.axon;

import io.custody.command.api.ReadYourWrites;
import io.custody.infra.config.CustodyProperties;
import io.custody.infra.store.StoredTokens;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.custody.command.store.StreamPositions;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-your-writes: a mutation answers only after every streaming processor on this instance has
 * applied the mutation's last event. Waiting on the processors' in-memory status costs no queries;
 * the wait ends at the configured timeout, and the mutation still succeeds: its receipt carries the
 * position a client can wait for.
 *
 * <p>A segment retrying a failed batch is not waited for: an event its projection cannot apply is being set
 * aside as a dead letter (docs/operations.md), or its store is unreachable; either way waiting would only add
 * the timeout to every mutation. Once set aside, a dead letter is behind the processor's token, so it is never
 * waited on.
 */
@Component
public class ProcessorBarrier implements ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ProcessorBarrier.class);

    private final EventProcessingConfiguration processing;
    private final StreamPositions positions;
    private final StoredTokens storedTokens;
    private final Duration timeout;
    private final int segments;

    public ProcessorBarrier(EventProcessingConfiguration processing, StreamPositions positions, StoredTokens storedTokens,
                            CustodyProperties properties) {
        this.processing = processing;
        this.positions = positions;
        this.storedTokens = storedTokens;
        this.timeout = properties.consistency().readYourWritesTimeout();
        this.segments = properties.processing().segments();
    }

    @Override
    public long headOf(String stream) {
        return positions.newestPositions(List.of(stream)).getOrDefault(stream, -1L);
    }

    @Override
    public long head() {
        return positions.globalHead();
    }

    @Override
    public void await(long position) {
        await(position, null);
    }

    @Override
    public void await(long position, Set<String> readModels) {
        if (position < 0) {
            return;
        }
        // A misspelt name would make the wait end at once, silently: refuse it.
        if (readModels != null && !processing.eventProcessors().keySet().containsAll(readModels)) {
            throw new IllegalArgumentException("no processor named " + readModels + " among "
                    + processing.eventProcessors().keySet());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 200_000;
        while (!caughtUp(position, readModels)) {
            if (System.nanoTime() > deadline) {
                log.warn("read models did not reach position {} within {}", position, timeout);
                return;
            }
            LockSupport.parkNanos(pause);
            // The check reads in-memory status only, so a short cap costs little and keeps the added wait small.
            pause = Math.min(pause * 2, 2_000_000);
        }
    }

    @Override
    public void awaitLagWithin(long head, long maxLag, Duration maxWait) {
        long floor = head - maxLag;
        if (maxLag <= 0 || floor <= 0) {
            return;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        // Loosely, by each segment's highest position seen (gaps do not matter for a lag bound), and only
        // the segments this instance runs: the check runs before every ingest batch.
        while (System.nanoTime() < deadline && localLowest() < floor) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private long localLowest() {
        long lowest = Long.MAX_VALUE;
        for (var processor : processing.eventProcessors().values()) {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                for (EventTrackerStatus segment : streaming.processingStatus().values()) {
                    lowest = Math.min(lowest, segment.getCurrentPosition().orElse(-1));
                }
            }
        }
        return lowest;
    }

    /**
     * True when every segment of every streaming processor is at or past the position, or retrying a failure:
     * segments this instance runs by their live status, segments other instances run by their committed token.
     */
    public boolean caughtUp(long position) {
        return caughtUp(position, null);
    }

    /** As {@link #caughtUp(long)}, over the named processors only ({@code null}: all of them). */
    public boolean caughtUp(long position, Set<String> readModels) {
        for (StreamingEventProcessor processor : processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .filter(p -> readModels == null || readModels.contains(p.getName())).toList()) {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            for (EventTrackerStatus segment : status.values()) {
                if (!segment.isErrorState() && !TokenPositions.passed(segment.getTrackingToken(), position)) {
                    return false;
                }
            }
            if (status.size() < segments && committedBehind(processor.getName(), status.keySet(), position)) {
                return false;
            }
        }
        return true;
    }

    private boolean committedBehind(String processor, Set<Integer> local, long position) {
        Map<Integer, TrackingToken> stored = storedTokens.of(processor);
        return stored.isEmpty() || stored.entrySet().stream()
                .anyMatch(e -> !local.contains(e.getKey()) && !TokenPositions.passed(e.getValue(), position));
    }
}
