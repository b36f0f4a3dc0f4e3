package io.custody.infra.axon;

import io.custody.infra.config.CustodyProperties;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every read model is a pooled streaming processor: it tracks the event store itself, splits the
 * stream into segments that instances claim through the shared token store, and commits its token in
 * the same transaction as its writes. Handler failures propagate, so the batch rolls back and is
 * retried: an error is never logged and forgotten.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessingConfiguration {

    @Bean
    CorrelationDataProvider custodyCorrelationDataProvider() {
        return new CustodyCorrelationDataProvider();
    }

    @Bean
    static SignallingMessageSource signallingMessageSource(CustodyProperties properties) {
        return new SignallingMessageSource(properties.processing().pollInterval(),
                properties.processing().wakeInterval());
    }

    @Autowired
    void configureProcessors(EventProcessingConfigurer configurer, CustodyProperties properties,
                             SignallingMessageSource source) {
        CustodyProperties.Processing processing = properties.processing();
        configurer.usingPooledStreamingEventProcessors((config, builder) -> builder
                .messageSource(source.over(config.eventStore()))
                .initialSegmentCount(processing.segments())
                .batchSize(processing.batchSize())
                .maxClaimedSegments(processing.segments()));
        processing.batchSizes().forEach((group, size) -> configurer.registerPooledStreamingEventProcessorConfiguration(
                group, (config, builder) -> builder.batchSize(size)));
        configurer.registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }
}
