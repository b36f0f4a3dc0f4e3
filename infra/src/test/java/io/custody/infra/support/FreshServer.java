package io.custody.infra.support;

import io.custody.command.security.ApiTokenIssuer;
import io.custody.infra.CustodyApplication;
import io.custody.values.Role;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A whole Custody server on a database and search alias of its own, for tests that must not share the
 * common test database: tampering with the store, rebuilding read models, restarting. Security is on unless
 * {@code extra} turns it off; its clients carry a bearer token for their actor.
 */
public final class FreshServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Map<String, Object> properties;
    private final TestTokens tokens = new TestTokens();

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

    /** Closes {@code previous} and starts a server again on its database, search alias and properties. */
    public static FreshServer restart(FreshServer previous) {
        previous.close();
        return new FreshServer(new SpringApplicationBuilder(CustodyApplication.class)
                .run(TestServices.arguments(previous.properties)), previous.properties);
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

    /** GraphQL as alice, holding every role. */
    public HttpGraphQlTester graphQl() {
        return graphQl("alice");
    }

    /** GraphQL as {@code actor}, holding every role. */
    public HttpGraphQlTester graphQl(String actor) {
        return HttpGraphQlTester.create(http(actor).mutate().baseUrl(baseUrl() + "/graphql").build());
    }

    /** Plain HTTP as {@code actor}, holding every role. */
    public WebTestClient http(String actor) {
        return anonymousHttp().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer(actor)).build();
    }

    /** Plain HTTP without credentials. */
    public WebTestClient anonymousHttp() {
        return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(60)).build();
    }

    /** A bearer token acting as {@code actor} with exactly {@code roles}; with none given, every role. */
    public String bearer(String actor, Role... roles) {
        return tokens.bearer(bean(ApiTokenIssuer.class), actor, roles);
    }

    @Override
    public void close() {
        context.close();
    }
}
