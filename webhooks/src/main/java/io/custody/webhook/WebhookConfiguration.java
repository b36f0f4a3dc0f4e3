package io.custody.webhook;

import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the outbox handler as its own streaming processor, {@value NotificationOutbox#GROUP}; it takes the
 * processors' defaults (ProcessingConfiguration): tracking, a transaction per batch with the token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    @Autowired
    void registerOutbox(EventProcessingConfigurer configurer, NotificationOutbox outbox) {
        configurer.registerEventHandler(config -> outbox);
        configurer.assignHandlerInstancesMatching(NotificationOutbox.GROUP, outbox::equals);
    }
}
