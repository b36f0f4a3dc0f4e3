package io.custody.infra.deadletter;

import io.custody.infra.axon.EventStoreConfiguration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * A dead-letter queue for every read model's processing group: Axon's JDBC queue in {@code dead_letter_entry}
 * (infra's V1 migration), written in the processor's transaction. An event a projection fails on for a reason of
 * its own is parked there and the group goes on; later events of the same stream wait behind it in the queue,
 * so the read model never applies a stream's events out of order. Transient failures are retried as before.
 * docs/operations.md, "Dead letters".
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    @Bean
    static DeadLetterGroups deadLetterGroups(ListableBeanFactory beans, EventProcessorProperties processors) {
        return new DeadLetterGroups(beans, processors);
    }

    @Bean
    static EventIsolation eventIsolation() {
        return new EventIsolation();
    }

    @Bean
    static IsolatingHandlerEnhancer isolatingHandlerEnhancer(EventIsolation isolation, DataSource dataSource,
                                                            PlatformTransactionManager transactions) {
        return new IsolatingHandlerEnhancer(isolation, dataSource, transactions);
    }

    @Autowired
    void registerDeadLetterQueues(EventProcessingConfigurer configurer, DeadLetterGroups groups,
                                  EventIsolation isolation, ConnectionProvider connections,
                                  TransactionManager transactions, Serializer serializer,
                                  @Qualifier("eventSerializer") Serializer eventSerializer) {
        DeadLetterPolicy policy = new DeadLetterPolicy();
        IsolatingErrorHandler errorHandler = new IsolatingErrorHandler(isolation);
        for (String group : groups.names()) {
            configurer.registerDeadLetterQueue(group, config -> JdbcSequencedDeadLetterQueue.builder()
                    .processingGroup(group)
                    .connectionProvider(connections)
                    .transactionManager(transactions)
                    .schema(EventStoreConfiguration.DEAD_LETTER_SCHEMA)
                    .genericSerializer(serializer)
                    .eventSerializer(eventSerializer)
                    .build());
            configurer.registerDeadLetterPolicy(group, config -> policy);
            // Without the cache, every event of every group would first ask the table whether its stream has
            // dead letters; with it, only while the group's queue is not empty.
            configurer.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                    (config, builder) -> builder.enableSequenceIdentifierCache());
            // Each read model's processor is named after its group.
            configurer.registerErrorHandler(group, config -> errorHandler);
        }
    }
}
