package io.custody.infra.support;

import io.custody.infra.CustodyApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A whole Custody server on a database and search alias of its own, for tests that must not share the
 * common test database: tampering with the store, rebuilding read models, restarting.
 */
public final class FreshServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Map<String, Object> properties;

    private FreshServer(ConfigurableApplicationContext context, Map<String, Object> properties) {
        this.context = context;
        this.properties = properties;
    }

    /** Starts on a new database and search alias, with {@code extra} properties on top. */
    public static FreshServer start(Map<String, Object> extra) {
        String index = "custody-fresh-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>(TestServices.applicationProperties(TestServices.newDatabase(), index));
        props.putAll(extra);
        props.put("server.port", "0");
        return new FreshServer(new SpringApplicationBuilder(CustodyApplication.class).run(TestServices.arguments(props)),
                props);
    }

    /** The properties it runs with: the database URL, credentials, search alias, audit key. */
    public Map<String, Object> properties() {
        return properties;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public JdbcTemplate jdbc() {
        return bean(JdbcTemplate.class);
    }

    public String baseUrl() {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    public HttpGraphQlTester graphQl() {
        return HttpGraphQlTester.create(WebTestClient.bindToServer().baseUrl(baseUrl() + "/graphql")
                .responseTimeout(Duration.ofSeconds(60)).defaultHeader("X-Custody-Actor", "alice").build());
    }

    @Override
    public void close() {
        context.close();
    }
}
