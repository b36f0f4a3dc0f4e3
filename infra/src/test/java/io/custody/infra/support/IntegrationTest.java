package io.custody.infra.support;

import io.custody.infra.CustodyApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.Map;

/**
 * Base of the HTTP integration tests: one application context, on a fresh database and the shared
 * in-process search node, reused by every subclass (same configuration, so Spring caches it).
 */
@SpringBootTest(classes = CustodyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    private static final Map<String, Object> PROPERTIES =
            TestServices.applicationProperties(TestServices.newDatabase(), "custody-it");

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        PROPERTIES.forEach((key, value) -> registry.add(key, () -> value));
    }

    protected HttpGraphQlTester graphQl() {
        return graphQl("alice");
    }

    protected HttpGraphQlTester graphQl(String actor) {
        // A mutation may wait up to the read-your-writes timeout (10 s) for the read models; the client's
        // default of 5 s would fail a slow but correct answer on a busy machine.
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/graphql")
                .responseTimeout(Duration.ofSeconds(30)).defaultHeader("X-Custody-Actor", actor).build();
        return HttpGraphQlTester.create(client);
    }

    protected WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }
}
