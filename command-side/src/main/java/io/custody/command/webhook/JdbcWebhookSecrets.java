package io.custody.command.webhook;

import io.custody.values.WebhookId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** {@link WebhookSecrets} on {@code cs_webhook_secret}; writes join the command's transaction. */
@Component
class JdbcWebhookSecrets implements WebhookSecrets {

    private final JdbcTemplate jdbc;

    JdbcWebhookSecrets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void store(WebhookId id, String secret, Instant createdAt) {
        jdbc.update("INSERT INTO cs_webhook_secret (webhook_id, secret, created_at) VALUES (?, ?, ?)",
                id.value(), secret, Timestamp.from(createdAt));
    }

    @Override
    public void erase(WebhookId id, Instant erasedAt) {
        jdbc.update("UPDATE cs_webhook_secret SET secret = NULL, erased_at = ? WHERE webhook_id = ? AND erased_at IS NULL",
                Timestamp.from(erasedAt), id.value());
    }

    @Override
    public Optional<String> find(WebhookId id) {
        return jdbc.query("SELECT secret FROM cs_webhook_secret WHERE webhook_id = ? AND secret IS NOT NULL",
                (rs, i) -> rs.getString(1), id.value()).stream().findFirst();
    }
}
