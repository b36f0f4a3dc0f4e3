package io.custody.infra.axon;

import io.custody.infra.config.CustodyProperties;
import io.custody.infra.store.StoreSchema;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Axon's JDBC event store, token store and dead-letter schema on PostgreSQL, declared explicitly so the
 * table and column names match our Flyway migrations (event and token tables: StoreSchema) and payloads stay
 * {@code bytea}.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    public static final DeadLetterSchema DEAD_LETTER_SCHEMA = DeadLetterSchema.builder()
            .deadLetterTable("dead_letter_entry")
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("aggregate_type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        // Joins the Spring transaction the unit of work runs in, so events, the client-event-id claim
        // and read-model writes commit or roll back together.
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        // Turns a duplicate (stream, sequence) key into Axon's ConcurrencyException: two writers raced. By
        // PostgreSQL's SQLSTATE for a unique violation: Axon's SQLErrorCodesResolver needs JPA on the class
        // path (NoClassDefFoundError, a 500, without it) and its JDBC one looks for an exception type
        // PostgreSQL's driver does not throw.
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    /** PostgreSQL's SQLSTATE for a duplicate key. */
    static final String UNIQUE_VIOLATION = "23505";

    @Bean
    EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .schema(StoreSchema.EVENTS)
                .dataType(byte[].class)
                // Processors tail the log in fetches of this many rows, each fetch held whole in memory.
                .batchSize(READ_BATCH)
                .maxGapOffset(MAX_GAP_OFFSET)
                .lowestGlobalSequence(LOWEST_GLOBAL_INDEX)
                .gapTimeout(GAP_TIMEOUT_MS)
                // Axon's JDBC engine reads an aggregate's stream until a fetch comes back empty, so every load
                // of a stream shorter than a batch cost a second, empty query. PostgreSQL's LIMIT is exact: a
                // short batch is the last one.
                .finalAggregateBatchPredicate(batch -> batch.size() < READ_BATCH);
        return new JdbcEventStorageEngine(builder) {
            @Override
            protected void writeTimestamp(PreparedStatement statement, int position, Instant timestamp)
                    throws SQLException {
                statement.setString(position, StoredTimestamps.format(timestamp));
            }

            // Every event read, by every processor and every aggregate load, had its stored time parsed with a
            // DateTimeFormatter: read it as written instead (StoredTimestamps.parse, same instants). Axon's own
            // version of this method parses it that way too, for its gap check, a tenth of a catching-up
            // processor's CPU: this is that method with the time read as written (same entry, same token).
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
        };
    }

    /**
     * Axon's embedded event store, with its cache of the newest events bounded
     * ({@code custody.processing.cached-events}): the cache holds whole events, and a prediction batch
     * event is up to about 150 KB. Events larger than {@code custody.event-store.max-event-size} are refused as
     * they are published ({@link EventSizeGuard}).
     */
    @Bean
    EmbeddedEventStore embeddedEventStore(EventStorageEngine storageEngine, CustodyProperties properties,
                                          EventStoreProperties limits,
                                          @Qualifier("eventSerializer") Serializer eventSerializer) {
        EventSizeGuard sizeGuard = new EventSizeGuard(limits, eventSerializer);
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .cachedEvents(properties.processing().cachedEvents());
        return new EmbeddedEventStore(builder) {
            @Override
            public void publish(List<? extends EventMessage<?>> events) {
                sizeGuard.check(events);
                super.publish(events);
            }
        };
    }

    /**
     * Rows per fetch, for processors reading the log and for aggregates loading their stream. A fetch is held
     * whole, and a prediction batch event is up to about 150 KB: 250 of them are at most about 40 MB
     * per processor catching up. (Fetches of 1,000 rebuilt read models 5–10 % faster, `audit 300000`.)
     */
    static final int READ_BATCH = 250;

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(StoreSchema.TOKENS)
                .contentType(byte[].class)
                .build();
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
    static final int MAX_GAP_OFFSET = 10_000;
    static final long LOWEST_GLOBAL_INDEX = 1;
    static final int GAP_TIMEOUT_MS = 60_000;

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
