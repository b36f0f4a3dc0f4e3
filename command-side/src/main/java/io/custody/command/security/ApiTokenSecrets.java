package io.custody.command.security;

import io.custody.values.ApiTokenId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The API token format, {@code cst_<id>_<secret>}, and its hashing. The secret is 32 random bytes
 * (base64url), so a salted SHA-256 is enough: nobody guesses 256 bits, and the salt keeps equal secrets
 * apart in the table. A slow password hash would only slow down every request.
 */
public final class ApiTokenSecrets {

    public static final String PREFIX = "cst_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ApiTokenSecrets() {
    }

    /** A token as handed out: its id and the whole bearer string. */
    public record Token(ApiTokenId id, String secret) {

        public String bearer() {
            return PREFIX + id.value() + "_" + secret;
        }
    }

    public static Token generate() {
        byte[] id = new byte[10];
        RANDOM.nextBytes(id);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new Token(ApiTokenId.of(HexFormat.of().formatHex(id)), BASE64URL.encodeToString(secret));
    }

    public static byte[] salt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** Whether a bearer string is meant as an API token (rather than a JWT). */
    public static boolean looksLikeApiToken(String bearer) {
        return bearer != null && bearer.startsWith(PREFIX);
    }

    /** Splits {@code cst_<id>_<secret>}; empty when the string is not of that form. */
    public static Optional<Token> parse(String bearer) {
        if (!looksLikeApiToken(bearer)) {
            return Optional.empty();
        }
        int split = bearer.indexOf('_', PREFIX.length());
        if (split < 0 || split == bearer.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Token(ApiTokenId.of(bearer.substring(PREFIX.length(), split)),
                    bearer.substring(split + 1)));
        } catch (RuntimeException notAnId) {
            return Optional.empty();
        }
    }

    public static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Compares in constant time, so that the time a wrong secret takes tells nothing about the right one. */
    public static boolean matches(byte[] salt, byte[] expectedHash, String secret) {
        return MessageDigest.isEqual(expectedHash, hash(salt, secret));
    }
}
