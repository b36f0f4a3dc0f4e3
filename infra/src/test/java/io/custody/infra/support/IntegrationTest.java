package io.custody.infra.support;

import io.custody.command.security.ApiTokenIssuer;
import io.custody.infra.CustodyApplication;
import io.custody.values.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.Map;

/**
 * Base of the HTTP integration tests: one application context, on a fresh database and the shared
 * in-process search node, reused by every subclass (same configuration, so Spring caches it). Security is
 * on, as in production: each client carries a bearer token for the actor it acts as.
 */
@SpringBootTest(classes = CustodyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    /** The actor of {@link #graphQl()} and {@link #http()}. */
    protected static final String DEFAULT_ACTOR = "alice";

    private static final Map<String, Object> PROPERTIES =
            TestServices.applicationProperties(TestServices.newDatabase(), "custody-it");
    /** One database per JVM, so the tokens made for it hold in every context on it. */
    private static final TestTokens TOKENS = new TestTokens();

    @LocalServerPort
    protected int port;

    @Autowired
    private ApiTokenIssuer issuer;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        PROPERTIES.forEach((key, value) -> registry.add(key, () -> value));
    }

    protected HttpGraphQlTester graphQl() {
        return graphQl(DEFAULT_ACTOR);
    }

    /** GraphQL as {@code actor}, holding every role. */
    protected HttpGraphQlTester graphQl(String actor) {
        return graphQlWith(bearer(actor));
    }

    /** GraphQL with the given bearer token ({@link #bearer}). */
    protected HttpGraphQlTester graphQlWith(String bearer) {
        // A mutation may wait up to the read-your-writes timeout (10 s) for the read models; the client's
        // default of 5 s would fail a slow but correct answer on a busy machine.
        WebTestClient client = anonymousClient().mutate().baseUrl("http://localhost:" + port + "/graphql")
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).build();
        return HttpGraphQlTester.create(client);
    }

    /** Plain HTTP as {@link #DEFAULT_ACTOR}, holding every role. */
    protected WebTestClient http() {
        return http(DEFAULT_ACTOR);
    }

    /** Plain HTTP as {@code actor}, holding every role. */
    protected WebTestClient http(String actor) {
        return httpWith(bearer(actor));
    }

    /** Plain HTTP with the given bearer token ({@link #bearer}). */
    protected WebTestClient httpWith(String bearer) {
        return anonymousHttp().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).build();
    }

    /** Plain HTTP without credentials. */
    protected WebTestClient anonymousHttp() {
        return anonymousClient().mutate().baseUrl("http://localhost:" + port).build();
    }

    /** A bearer token acting as {@code actor} with exactly {@code roles}; with none given, every role. */
    protected String bearer(String actor, Role... roles) {
        return TOKENS.bearer(issuer, actor, roles);
    }

    private static WebTestClient anonymousClient() {
        // The schema's introspection and large ingest replies pass WebClient's default 256 kB buffer.
        return WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }
}
