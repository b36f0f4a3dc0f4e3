package io.custody.infra.store;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Axon's JDBC storage engine with the event table's times written and read as text in one fixed form
 * ({@link StoredTimestamps}), no snapshot reads, and the event store's tailing reads cut into runs. It overrides Axon's protected reading methods, so it lives
 * in the store adapter with the other code that knows the stored form.
 */
public class CustodyStorageEngine extends JdbcEventStorageEngine {

    public CustodyStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    /**
     * The most events one tailing read ({@code mayBlock}) yields before it ends and the caller reads again from
     * where it stopped. The embedded event store's cache reader keeps the cache entry it started a read at in a
     * local variable until the read ends, and every later entry is reachable from it: one read over millions
     * of stored events (a catch-up) kept them all in the heap.
     */
    public static final int TAILING_RUN = 2_000;

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        Stream<? extends TrackedEventMessage<?>> events = super.readEvents(trackingToken, mayBlock);
        return mayBlock ? events.limit(TAILING_RUN) : events;
    }

    @Override
    protected void writeTimestamp(PreparedStatement statement, int position, Instant timestamp)
            throws SQLException {
        statement.setString(position, StoredTimestamps.format(timestamp));
    }

    // Axon parses every stored time with a DateTimeFormatter, for its gap check too, a tenth of a catching-up
    // processor's CPU; reading it as written (StoredTimestamps.parse) gives the same instants. This is Axon's
    // method with that one change: same entry, same token (TrackingTokenTest).
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previous)
            throws SQLException {
        EventSchema schema = schema();
        long globalIndex = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        Object storedTime = readTimeStamp(resultSet, schema.timestampColumn());
        StoredTimeReader<?> event = new StoredTimeReader<>(new GenericDomainEventEntry<>(
                resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()), eventIdentifier, storedTime,
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn())), String.valueOf(storedTime));
        return new TrackedDomainEventData<>(trackingToken(previous, globalIndex, event.getTimestamp()), event);
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return new StoredTimeReader<>(super.getDomainEventData(resultSet),
                resultSet.getString(StoreSchema.EVENTS.timestampColumn()));
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        // No aggregate is configured to take snapshots, so the snapshot table is always empty; asking it
        // cost one query per aggregate load. An aggregate that starts taking snapshots must remove this.
        return Stream.empty();
    }

    /**
     * The token of the event at {@code globalIndex}, as Axon's {@code JdbcEventStorageEngine} computes it: gaps
     * below it are kept only while the event is younger than the gap timeout.
     */
    static GapAwareTrackingToken trackingToken(GapAwareTrackingToken previous, long globalIndex, Instant timestamp) {
        boolean allowGaps = timestamp.isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MS));
        if (previous == null) {
            return GapAwareTrackingToken.newInstance(globalIndex, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_INDEX, globalIndex), globalIndex).boxed()
                    .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        }
        return previous.advanceTo(globalIndex, allowGaps ? MAX_GAP_OFFSET : 0);
    }

    /** Axon's defaults for the engine's gap tracking, set explicitly since {@link #trackingToken} uses them too. */
    public static final int MAX_GAP_OFFSET = 10_000;
    public static final long LOWEST_GLOBAL_INDEX = 1;
    public static final int GAP_TIMEOUT_MS = 60_000;

    /** A stored event whose time is read by {@link StoredTimestamps#parse}; everything else as Axon read it. */
    private record StoredTimeReader<T>(DomainEventData<T> stored, String storedTime) implements DomainEventData<T> {

        @Override
        public String getType() {
            return stored.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return stored.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return stored.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return stored.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return StoredTimestamps.parse(storedTime);
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return stored.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return stored.getPayload();
        }
    }
}
