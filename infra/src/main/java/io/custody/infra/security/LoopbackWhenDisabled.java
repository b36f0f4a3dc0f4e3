package io.custody.infra.security;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * With authentication off, the server listens on the loopback address only, unless {@code server.address}
 * says otherwise: an unauthenticated server must not be reachable from the network by accident. Also where
 * a bad {@code custody.security.enabled} stops the start, before anything else happens.
 */
public class LoopbackWhenDisabled implements EnvironmentPostProcessor {

    private final Log log;

    public LoopbackWhenDisabled(DeferredLogFactory logs) {
        this.log = logs.getLog(LoopbackWhenDisabled.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (SecurityProperties.of(environment).enabled() || environment.containsProperty("server.address")) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("custody-security-loopback",
                Map.of("server.address", "127.0.0.1")));
        log.warn("custody.security.enabled=false and no server.address: listening on 127.0.0.1 only");
    }
}
