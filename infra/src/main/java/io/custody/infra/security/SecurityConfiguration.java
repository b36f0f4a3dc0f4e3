package io.custody.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Bearer-token authentication, when {@code custody.security.enabled=true} (docs/operations.md). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "custody.security.enabled", havingValue = "true")
public class SecurityConfiguration {

    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(SecurityProperties properties, ObjectMapper json) {
        FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
                new BearerTokenFilter(properties, json));
        registration.addUrlPatterns("/*");
        // Before anything reads the caller from the request.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
