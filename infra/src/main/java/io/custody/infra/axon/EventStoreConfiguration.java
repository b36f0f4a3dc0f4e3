package io.custody.infra.axon;

import io.custody.infra.config.CustodyProperties;
import io.custody.infra.store.CustodyStorageEngine;
import io.custody.infra.store.StoreSchema;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.List;

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
                .maxGapOffset(CustodyStorageEngine.MAX_GAP_OFFSET)
                .lowestGlobalSequence(CustodyStorageEngine.LOWEST_GLOBAL_INDEX)
                .gapTimeout(CustodyStorageEngine.GAP_TIMEOUT_MS)
                // Axon's JDBC engine reads an aggregate's stream until a fetch comes back empty, so every load
                // of a stream shorter than a batch cost a second, empty query. PostgreSQL's LIMIT is exact: a
                // short batch is the last one.
                .finalAggregateBatchPredicate(batch -> batch.size() < READ_BATCH);
        return new CustodyStorageEngine(builder);
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
}
