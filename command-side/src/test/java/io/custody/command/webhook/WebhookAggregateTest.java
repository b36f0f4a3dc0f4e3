package io.custody.command.webhook;

import io.custody.commands.webhook.DisableWebhook;
import io.custody.commands.webhook.EnableWebhook;
import io.custody.commands.webhook.RegisterWebhook;
import io.custody.commands.webhook.RemoveWebhook;
import io.custody.errors.ErrorCode;
import io.custody.events.webhook.WebhookDisabled;
import io.custody.events.webhook.WebhookEnabled;
import io.custody.events.webhook.WebhookRegistered;
import io.custody.events.webhook.WebhookRemoved;
import io.custody.values.NotificationKind;
import io.custody.values.WebhookId;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.custody.command.support.CustodyMatchers.custody;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookAggregateTest {

    private static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");
    private static final WebhookId ID = WebhookId.of("0123456789abcdef0123");
    private static final String URL = "https://hooks.example.com/custody";
    private static final String SECRET = "s".repeat(40);
    private static final Set<NotificationKind> KINDS = Set.of(NotificationKind.DEPLOYMENT, NotificationKind.ALERT);

    private final RecordingSecrets secrets = new RecordingSecrets();
    private AggregateTestFixture<WebhookAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WebhookAggregate.class);
        fixture.registerInjectableResource(secrets);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static RegisterWebhook register(String url, Set<NotificationKind> kinds, String secret) {
        return new RegisterWebhook(ID, url, kinds, secret, "on-call channel");
    }

    private static WebhookRegistered registered() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(SECRET.getBytes(StandardCharsets.UTF_8));
        return new WebhookRegistered(ID, URL, KINDS, "sha256:" + HexFormat.of().formatHex(digest).substring(0, 16),
                "on-call channel");
    }

    @Test
    void register_records_the_webhook_with_a_fingerprint_and_keeps_the_secret_out_of_the_event() throws Exception {
        fixture.givenNoPriorActivity().when(register(URL, KINDS, SECRET)).expectEvents(registered());
        assertThat(registered().toString()).doesNotContain(SECRET);
        assertThat(secrets.byId).containsEntry(ID, SECRET);
    }

    @Test
    void register_fails_withBadRequest_forAUrlThatIsNotHttp() {
        fixture.givenNoPriorActivity().when(register("ftp://hooks.example.com/x", KINDS, SECRET))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.url", "http or https"));
        assertThat(secrets.byId).isEmpty();
    }

    @Test
    void register_fails_withBadRequest_forAUrlWithoutAHost() {
        fixture.givenNoPriorActivity().when(register("https:///x", KINDS, SECRET))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.url", "must name a host"));
    }

    @Test
    void register_fails_withBadRequest_forAUrlCarryingCredentials() {
        fixture.givenNoPriorActivity().when(register("https://bot:hunter2@hooks.example.com/x", KINDS, SECRET))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.url", "must not carry credentials"));
    }

    @Test
    void register_fails_withBadRequest_forAUrlWithAFragment() {
        fixture.givenNoPriorActivity().when(register(URL + "#x", KINDS, SECRET))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.url", "fragment"));
    }

    @Test
    void register_fails_withBadRequest_forAUrlThatDoesNotParse() {
        fixture.givenNoPriorActivity().when(register("https://hooks example.com", KINDS, SECRET))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.url", "not a valid URL"));
    }

    @Test
    void register_fails_withBadRequest_forAnOverlongUrl() {
        fixture.givenNoPriorActivity().when(register(URL + "/" + "a".repeat(2_048), KINDS, SECRET))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.url", "at most 2048"));
    }

    @Test
    void register_fails_withBadRequest_withoutAKind() {
        fixture.givenNoPriorActivity().when(register(URL, Set.of(), SECRET))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.events", "at least one kind"));
    }

    @Test
    void register_fails_withBadRequest_forAShortSecret() {
        fixture.givenNoPriorActivity().when(register(URL, KINDS, "s".repeat(31)))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.secret", "32 to 512 characters"));
    }

    @Test
    void register_fails_withBadRequest_forAnOverlongSecret() {
        fixture.givenNoPriorActivity().when(register(URL, KINDS, "s".repeat(513)))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.secret", "32 to 512 characters"));
    }

    @Test
    void register_fails_withBadRequest_forASecretWithSurroundingWhiteSpace() {
        fixture.givenNoPriorActivity().when(register(URL, KINDS, SECRET + " "))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.secret", "white space"));
    }

    @Test
    void register_fails_withBadRequest_forAnOverlongDescription() {
        fixture.givenNoPriorActivity().when(new RegisterWebhook(ID, URL, KINDS, SECRET, "d".repeat(1_001)))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.description", "at most 1000"));
    }

    @Test
    void register_fails_withConflict_forAnIdThatExists() throws Exception {
        fixture.given(registered()).when(register(URL, KINDS, SECRET))
                .expectException(custody(ErrorCode.CONFLICT, "input.id", "already exists"));
    }

    @Test
    void disable_records_the_reason() throws Exception {
        fixture.given(registered()).when(new DisableWebhook(ID, "receiver maintenance"))
                .expectResultMessagePayload(true).expectEvents(new WebhookDisabled(ID, "receiver maintenance"));
    }

    @Test
    void disable_of_a_disabled_webhook_changes_nothing() throws Exception {
        fixture.given(registered(), new WebhookDisabled(ID, "maintenance")).when(new DisableWebhook(ID, "again"))
                .expectResultMessagePayload(false).expectNoEvents();
    }

    @Test
    void disable_fails_withBadRequest_withoutAReason() throws Exception {
        fixture.given(registered()).when(new DisableWebhook(ID, " "))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.reason", "is required"));
    }

    @Test
    void disable_fails_withConflict_forARemovedWebhook() throws Exception {
        fixture.given(registered(), new WebhookRemoved(ID, "retired")).when(new DisableWebhook(ID, "x"))
                .expectException(custody(ErrorCode.CONFLICT, "input.id", "was removed"));
    }

    @Test
    void disable_fails_forAWebhookThatDoesNotExist() {
        fixture.givenNoPriorActivity().when(new DisableWebhook(ID, "x")).expectException(AggregateNotFoundException.class);
    }

    @Test
    void enable_turns_a_disabled_webhook_back_on() throws Exception {
        fixture.given(registered(), new WebhookDisabled(ID, "maintenance")).when(new EnableWebhook(ID))
                .expectResultMessagePayload(true).expectEvents(new WebhookEnabled(ID));
    }

    @Test
    void enable_of_an_enabled_webhook_changes_nothing() throws Exception {
        fixture.given(registered()).when(new EnableWebhook(ID)).expectResultMessagePayload(false).expectNoEvents();
    }

    @Test
    void enable_fails_withConflict_forARemovedWebhook() throws Exception {
        fixture.given(registered(), new WebhookDisabled(ID, "m"), new WebhookRemoved(ID, "retired"))
                .when(new EnableWebhook(ID))
                .expectException(custody(ErrorCode.CONFLICT, "input.id", "was removed"));
    }

    @Test
    void remove_records_the_reason_and_erases_the_secret() throws Exception {
        secrets.store(ID, SECRET, NOW);
        fixture.given(registered()).when(new RemoveWebhook(ID, "retired"))
                .expectResultMessagePayload(true).expectEvents(new WebhookRemoved(ID, "retired"));
        assertThat(secrets.find(ID)).isEmpty();
    }

    @Test
    void remove_of_a_removed_webhook_changes_nothing() throws Exception {
        fixture.given(registered(), new WebhookRemoved(ID, "retired")).when(new RemoveWebhook(ID, "again"))
                .expectResultMessagePayload(false).expectNoEvents();
    }

    @Test
    void remove_fails_withBadRequest_withoutAReason() throws Exception {
        fixture.given(registered()).when(new RemoveWebhook(ID, null))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.reason", "is required"));
    }

    /** Keeps what the handlers store, for the assertions. */
    private static final class RecordingSecrets implements WebhookSecrets {

        final Map<WebhookId, String> byId = new HashMap<>();

        @Override
        public void store(WebhookId id, String secret, Instant createdAt) {
            byId.put(id, secret);
        }

        @Override
        public void erase(WebhookId id, Instant erasedAt) {
            byId.remove(id);
        }

        @Override
        public Optional<String> find(WebhookId id) {
            return Optional.ofNullable(byId.get(id));
        }
    }
}
