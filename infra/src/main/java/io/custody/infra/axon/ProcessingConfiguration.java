package io.custody.infra.axon;

import io.custody.command.monitoring.MonitorDetection;
import io.custody.infra.config.CustodyProperties;
import io.custody.query.monitoring.MonitoringProjection;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.async.SequentialPolicy;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;

/**
 * Every read model is a streaming processor: it tracks the event store itself, splits the stream into
 * segments that instances claim through the shared token store, and commits its token in the same
 * transaction as its writes. Handler failures propagate, so the batch rolls back and is retried: an error
 * is never logged and forgotten.
 *
 * <p>Tracking processors by default. Axon's pooled processor has each segment's coordinator check its work
 * queue's length for every event, and that queue's length is counted by walking it (up to 1,024 entries).
 * A tracking processor's thread reads and handles its segment itself, for less CPU per event, and wakes as
 * soon as the event store has new events. {@code custody.processing.mode=pooled}
 * selects the pooled processor, e.g. to run many more segments than threads.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessingConfiguration {

    @Bean
    CorrelationDataProvider custodyCorrelationDataProvider() {
        return new CustodyCorrelationDataProvider();
    }

    @Bean
    static SignallingMessageSource signallingMessageSource(CustodyProperties properties) {
        CustodyProperties.Processing processing = properties.processing();
        // A tracking processor handles what it finds when it wakes, in batches of up to its batch size: it is
        // woken at every local commit, as the embedded event store would wake it.
        return new SignallingMessageSource(processing.pollInterval(),
                processing.mode() == CustodyProperties.ProcessorMode.TRACKING ? Duration.ZERO : processing.wakeInterval());
    }

    @Autowired
    void configureProcessors(EventProcessingConfigurer configurer, CustodyProperties properties,
                             SignallingMessageSource source, JdbcTemplate jdbc) {
        CustodyProperties.Processing processing = properties.processing();
        // Subscribing processors (the command-side lookups) run in the publisher's transaction, not in these.
        configurer.registerDefaultTransactionManager(config -> new CustomPlansTransactionManager(
                config.getComponent(TransactionManager.class), jdbc));
        if (processing.mode() == CustodyProperties.ProcessorMode.TRACKING) {
            configurer.usingTrackingEventProcessors();
            configurer.configureDefaultStreamableMessageSource(config -> source.over(config.eventStore()));
            configurer.registerTrackingEventProcessorConfiguration(config -> tracking(processing,
                    processing.batchSize()));
            processing.batchSizes().forEach((group, size) -> configurer.registerTrackingEventProcessorConfiguration(
                    group, config -> tracking(processing, size)));
        } else {
            configurer.usingPooledStreamingEventProcessors((config, builder) -> builder
                    .messageSource(source.over(config.eventStore()))
                    .initialSegmentCount(processing.segments())
                    .batchSize(processing.batchSize())
                    .maxClaimedSegments(processing.enabled() ? processing.segments() : 0));
            processing.batchSizes().forEach((group, size) -> configurer
                    .registerPooledStreamingEventProcessorConfiguration(group, (config, builder) -> builder.batchSize(size)));
        }
        // Monitoring closes windows by the event time it has seen: it must see a deployment's events in log order,
        // whatever the number of segments.
        for (String group : List.of(MonitorDetection.GROUP, MonitoringProjection.GROUP)) {
            configurer.registerSequencingPolicy(group, config -> new SequentialPolicy());
        }
        configurer.registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }

    /**
     * One thread per segment, each reading the stream itself and blocking on it until events arrive (a commit
     * on this instance wakes it: SignallingMessageSource).
     */
    private static TrackingEventProcessorConfiguration tracking(CustodyProperties.Processing processing, int batchSize) {
        return TrackingEventProcessorConfiguration.forParallelProcessing(processing.segments())
                .andInitialSegmentsCount(processing.segments())
                .andBatchSize(batchSize)
                .andAutoStart(processing.enabled());
    }
}
