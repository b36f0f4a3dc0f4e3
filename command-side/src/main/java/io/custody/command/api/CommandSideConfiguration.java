package io.custody.command.api;

import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    @Autowired
    void registerInterceptors(CommandBus commandBus, JdbcTemplate jdbcTemplate) {
        commandBus.registerHandlerInterceptor(new ClientEventIdGuard(jdbcTemplate));
    }
}
