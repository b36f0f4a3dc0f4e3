package io.custody.command.webhook;

import io.custody.errors.CustodyException;
import io.custody.values.NotificationKind;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/** The rules a webhook registration must meet, each failure naming its input field. */
final class WebhookRules {

    static final int MAX_URL = 2_048;
    /** 32 characters at least: the fingerprint in the log is a hash of it, so it must be beyond guessing. */
    static final int MIN_SECRET = 32;
    static final int MAX_SECRET = 512;
    static final int MAX_TEXT = 1_000;

    private WebhookRules() {
    }

    /**
     * An absolute http or https URL with a host. No user information: the URL is recorded in the log, where a
     * password would stay forever; the receiver authenticates Custody by the signature instead.
     */
    static void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw CustodyException.badRequest("input.url", "is required");
        }
        if (url.length() > MAX_URL) {
            throw CustodyException.badRequest("input.url", "must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw CustodyException.badRequest("input.url", "is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw CustodyException.badRequest("input.url", "must be an http or https URL (got scheme '" + scheme + "')");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw CustodyException.badRequest("input.url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw CustodyException.badRequest("input.url",
                    "must not carry credentials (user:password@): the URL is recorded in the log; the signature authenticates Custody");
        }
        if (uri.getRawFragment() != null) {
            throw CustodyException.badRequest("input.url", "must not have a fragment (#...): it is never sent");
        }
    }

    static void checkKinds(Set<NotificationKind> kinds) {
        if (kinds == null || kinds.isEmpty()) {
            throw CustodyException.badRequest("input.events", "a webhook needs at least one kind of notification; kinds are "
                    + java.util.List.of(NotificationKind.values()));
        }
    }

    static void checkSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw CustodyException.badRequest("input.secret", "is required");
        }
        if (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            throw CustodyException.badRequest("input.secret", "must be " + MIN_SECRET + " to " + MAX_SECRET
                    + " characters (e.g. openssl rand -hex 32)");
        }
        if (!secret.equals(secret.strip())) {
            throw CustodyException.badRequest("input.secret", "must not begin or end with white space");
        }
    }

    static void checkText(String field, String text, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw CustodyException.badRequest(field, "is required");
            }
            return;
        }
        if (text.length() > MAX_TEXT) {
            throw CustodyException.badRequest(field, "must be at most " + MAX_TEXT + " characters");
        }
    }

    /** {@code sha256:} and the first 16 hex digits of the secret's SHA-256: names the secret, reveals nothing. */
    static String fingerprint(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
