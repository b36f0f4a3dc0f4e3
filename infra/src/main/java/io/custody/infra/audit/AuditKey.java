package io.custody.infra.audit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret that keys the seal chain. Whoever can edit the event table but does not hold it cannot
 * compute seals that verify. Never logged, never shown, never put in an event: only its {@link #id()}, a
 * one-way fingerprint, is.
 */
public final class AuditKey {

    public static final String FILE_NAME = "audit.key";
    private static final int MIN_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final String id;

    private AuditKey(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalStateException("the audit key must be at least " + MIN_BYTES + " bytes (base64 of "
                    + MIN_BYTES + " random bytes)");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        this.id = fingerprint(bytes);
    }

    /**
     * The key as configured: {@code custody.audit.key} when set; else the key file, {@code keyFile} when
     * given ({@code custody.audit.key-file}), else {@code <dataDir>/audit.key} for the embedded default.
     * A missing file is created (when {@code create} is true) only for the embedded default: instances on
     * external services must share one key, so none of them may invent its own.
     */
    public static AuditKey resolve(String configured, Path keyFile, boolean embedded, Path dataDir, boolean create) {
        if (configured != null && !configured.isBlank()) {
            return ofBase64(configured);
        }
        if (!embedded && keyFile == null) {
            throw new IllegalStateException("custody.audit.key is not set: with external services, set it from your "
                    + "secret store (base64 of at least 32 random bytes, e.g. `openssl rand -base64 32`), or point "
                    + "custody.audit.key-file at a file that holds it");
        }
        Path file = keyFile != null ? keyFile : dataDir.resolve(FILE_NAME);
        if (create && embedded) {
            return readOrCreate(file);
        }
        if (!Files.exists(file)) {
            throw new IllegalStateException("no audit key: custody.audit.key is not set and " + file + " does not exist");
        }
        return readFrom(file);
    }

    /** A key given as base64 text, e.g. {@code custody.audit.key} from a secret store. */
    public static AuditKey ofBase64(String base64) {
        try {
            return new AuditKey(Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            // The message of a decoding error may quote the input: do not chain it.
            throw new IllegalStateException("the audit key is not valid base64");
        }
    }

    /** The key in {@code file}, which must exist. */
    public static AuditKey readFrom(Path file) {
        try {
            return ofBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit key file " + file, e);
        }
    }

    /**
     * The key in {@code file}; on first use, a new random key written there durably, readable by the owner
     * only. For the single-machine default, where no secret store is configured.
     */
    public static AuditKey readOrCreate(Path file) {
        if (!Files.exists(file)) {
            byte[] bytes = new byte[MIN_BYTES];
            new SecureRandom().nextBytes(bytes);
            try {
                // False when another process created it first: theirs is read below.
                KeyFile.create(file, Base64.getEncoder().encodeToString(bytes) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the audit key file " + file
                        + " (custody.audit.key-file)", e);
            }
        }
        return readFrom(file);
    }

    /** A fresh HMAC-SHA256 keyed with this key; not thread-safe, so one per thread. */
    public Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** A short public fingerprint that tells keys apart without revealing them. */
    public String id() {
        return id;
    }

    private static String fingerprint(byte[] bytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("custody-audit-key-id".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(bytes), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AuditKey[id=" + id + "]";
    }
}
