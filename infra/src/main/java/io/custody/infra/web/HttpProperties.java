package io.custody.infra.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what one HTTP request may bring, under {@code custody.http.*} (docs/operations.md).
 *
 * @param maxRequestSize the largest request body, counted as it is read, so a chunked body without a
 *                       {@code Content-Length} is held to it too; beyond it the answer is 413
 */
@ConfigurationProperties("custody.http")
public record HttpProperties(@DefaultValue("32MB") DataSize maxRequestSize) {

    public HttpProperties {
        if (maxRequestSize.toBytes() < 1) {
            throw new IllegalArgumentException("custody.http.max-request-size must be positive, was " + maxRequestSize);
        }
    }
}
