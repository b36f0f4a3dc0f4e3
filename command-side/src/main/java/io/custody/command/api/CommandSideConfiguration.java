package io.custody.command.api;

import io.custody.command.store.StreamPositions;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.EventBus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /**
     * Aggregates kept between commands ({@link AggregateCache}); each is checked against the store before use.
     * 0 reads every stream from the store on every command.
     */
    @Bean(AggregateCache.BEAN)
    AggregateCache aggregateCache(StreamPositions positions, EventBus eventBus,
                                  @Value("${custody.command.aggregate-cache-size:10000}") int capacity) {
        AggregateCache cache = new AggregateCache(positions, capacity);
        eventBus.registerDispatchInterceptor(cache.versionRecorder());
        return cache;
    }

    /** The stream locks the aggregates and the OpenLineage ingest share ({@link StreamLocks}). */
    @Bean(StreamLocks.BEAN)
    StreamLocks streamLocks() {
        return new StreamLocks();
    }

    @Bean(StreamTargetResolver.BEAN)
    StreamTargetResolver streamTargetResolver() {
        return new StreamTargetResolver();
    }

    /** The clock command handlers read "now" from (token expiry); tests fix it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Autowired
    void registerInterceptors(CommandBus commandBus, JdbcTemplate jdbcTemplate) {
        commandBus.registerHandlerInterceptor(new ClientEventIdGuard(jdbcTemplate));
    }
}
