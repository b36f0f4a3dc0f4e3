package io.custody.infra.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.monitoring.MonitoredDeployment;
import io.custody.infra.support.IntegrationTest;
import io.custody.values.Role;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Monitoring and webhooks together: a drift driven through the real prediction ingest reaches an ALERT webhook
 * as a signed DriftDetected notification, and answering the alert notifies AlertAcknowledged and AlertResolved.
 * On the shared test server, so the receiver keeps only the notifications about this test's deployment.
 */
class AlertWebhookTest extends IntegrationTest {

    private static final String SECRET = "whsec-" + "fedcba9876543210".repeat(3);
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final ObjectMapper json = new ObjectMapper();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final MonitoredDeployment deployment = new MonitoredDeployment(this::http, this::graphQl, json, suffix);

    @Test
    void a_drift_and_the_answers_to_its_alert_reach_an_alert_webhook_signed_and_naming_what_drifted() throws Exception {
        String service = deployment.service();
        try (Receiver receiver = Receiver.start()) {
            String webhook = graphQlWith(bearer("ada", Role.ADMIN)).document("mutation($url: String!, $secret: String!) "
                            + "{ registerWebhook(input: {url: $url, events: [ALERT], secret: $secret}) { id } }")
                    .variable("url", receiver.url()).variable("secret", SECRET).execute()
                    .path("registerWebhook.id").entity(String.class).get();
            try {
                Instant base = deployment.deployed();
                deployment.drifted(base);

                await().atMost(WAIT).until(() -> !notifications(receiver, service, "DriftDetected").isEmpty());
                Notification drift = notifications(receiver, service, "DriftDetected").get(0);
                JsonNode body = drift.body();
                assertThat(body.get("kind").asText()).isEqualTo("ALERT");
                assertThat(body.get("stream").asText()).isEqualTo("monitor:production/" + service);
                assertThat(body.get("actor").asText()).isEqualTo("custody:monitoring");
                assertThat(body.get("eventTime").isNull()).isTrue();
                JsonNode payload = body.get("payload");
                // The keys docs/webhooks.md lists, in the order the event store keeps them.
                List<String> keys = new ArrayList<>();
                payload.fieldNames().forEachRemaining(keys::add);
                assertThat(keys).containsExactly("environment", "service", "alert", "feature", "statistic", "value",
                        "threshold", "windowStart", "windowEnd");
                assertThat(payload.get("environment").asText()).isEqualTo("production");
                assertThat(payload.get("service").asText()).isEqualTo(service);
                assertThat(payload.get("feature").asText()).isEqualTo("income");
                assertThat(payload.get("statistic").asText()).isIn("PSI", "KS", "JS_DISTANCE");
                assertThat(payload.get("value").asDouble()).isGreaterThan(payload.get("threshold").asDouble());
                assertThat(payload.get("threshold").asDouble()).isPositive();
                assertThat(instant(payload.get("windowStart"))).isEqualTo(base.plus(Duration.ofMinutes(10)));
                assertThat(instant(payload.get("windowEnd"))).isEqualTo(base.plus(Duration.ofMinutes(20)));
                String alert = payload.get("alert").asText();
                assertThat(alert).startsWith("production/" + service + "/");
                // The notification and the alert's read model say the same.
                JsonNode read = json.valueToTree(graphQl().document("query($a: String!) { alert(alert: $a) { "
                        + "statistic value threshold } }").variable("a", alert).execute().path("alert")
                        .entity(Object.class).get());
                assertThat(read.get("statistic").asText()).isEqualTo(payload.get("statistic").asText());
                assertThat(read.get("value").asDouble()).isEqualTo(payload.get("value").asDouble());
                assertThat(read.get("threshold").asDouble()).isEqualTo(payload.get("threshold").asDouble());

                graphQlWith(bearer("carol", Role.DEPLOYER)).document("mutation($a: String!) { acknowledgeAlert(input: "
                                + "{alert: $a, comment: \"on it\"}) { alert { state } } }").variable("a", alert).execute()
                        .path("acknowledgeAlert.alert.state").entity(String.class).isEqualTo("ACKNOWLEDGED");
                graphQlWith(bearer("carol", Role.DEPLOYER)).document("mutation($a: String!) { resolveAlert(input: "
                                + "{alert: $a, comment: \"retrained\"}) { alert { state } } }").variable("a", alert)
                        .execute().path("resolveAlert.alert.state").entity(String.class).isEqualTo("RESOLVED");

                await().atMost(WAIT).until(() -> !notifications(receiver, service, "AlertResolved").isEmpty());
                Notification acknowledged = notifications(receiver, service, "AlertAcknowledged").get(0);
                Notification resolved = notifications(receiver, service, "AlertResolved").get(0);
                for (Notification answer : List.of(acknowledged, resolved)) {
                    assertThat(answer.body().get("kind").asText()).isEqualTo("ALERT");
                    assertThat(answer.body().get("actor").asText()).isEqualTo("carol");
                    assertThat(answer.body().get("stream").asText()).isEqualTo("monitor:production/" + service);
                    assertThat(answer.body().get("payload").get("alert").asText()).isEqualTo(alert);
                }
                assertThat(acknowledged.body().get("payload").get("comment").asText()).isEqualTo("on it");
                assertThat(resolved.body().get("payload").get("comment").asText()).isEqualTo("retrained");
                for (Notification notification : List.of(drift, acknowledged, resolved)) {
                    assertThat(notification.request().header("X-Custody-Signature"))
                            .isEqualTo(independentSignature(notification.request().body()));
                    assertThat(notification.request().header("X-Custody-Event-Type"))
                            .isEqualTo(notification.body().get("eventType").asText());
                }
            } finally {
                // The server is shared: later tests' alerts are not queued for a receiver that is gone.
                graphQlWith(bearer("ada", Role.ADMIN)).document("mutation($id: String!) { removeWebhook(input: "
                        + "{id: $id, reason: \"test over\"}) { id } }").variable("id", webhook).execute()
                        .path("removeWebhook.id").hasValue();
            }
        }
    }

    /** A request as received, and its body parsed. */
    private record Notification(Receiver.Request request, JsonNode body) {
    }

    /** The notifications of {@code simpleName} events about {@code service}, in the order received. */
    private List<Notification> notifications(Receiver receiver, String service, String simpleName) {
        List<Notification> found = new ArrayList<>();
        for (Receiver.Request request : receiver.requests()) {
            try {
                JsonNode body = json.readTree(request.body());
                if (body.get("eventType").asText().equals("io.custody.events.monitoring." + simpleName)
                        && body.get("payload").get("service").asText().equals(service)) {
                    found.add(new Notification(request, body));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /** The signature computed as a receiver would, without Custody's code. */
    private static String independentSignature(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** An instant as the event store keeps it: ISO-8601 text. */
    private static Instant instant(JsonNode value) {
        assertThat(value.isTextual()).as(value.toString()).isTrue();
        return Instant.parse(value.asText());
    }
}
