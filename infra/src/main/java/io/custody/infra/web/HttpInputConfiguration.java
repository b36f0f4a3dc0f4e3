package io.custody.infra.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The checks every HTTP request passes before authentication and before any API reads it: the size of its
 * body and its caller headers. Registered right after Spring's character encoding filter (the first) and
 * ahead of authentication, so a refused request reaches nothing.
 */
@Configuration(proxyBeanMethods = false)
class HttpInputConfiguration {

    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(HttpProperties properties, ObjectMapper json) {
        FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeFilter(properties.maxRequestSize(), json));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<CallerHeadersFilter> callerHeadersFilter(ObjectMapper json) {
        FilterRegistrationBean<CallerHeadersFilter> registration = new FilterRegistrationBean<>(
                new CallerHeadersFilter(json));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }
}
