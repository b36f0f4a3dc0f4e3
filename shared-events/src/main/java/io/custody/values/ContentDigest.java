package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A digest with its kind: {@code sha256:<64 lowercase hex>}, what makes a dataset version or artifact what it is,
 * or {@code mlflow:<1 to 64 hex>}, the digest an MLflow client computed for a dataset (8 hex digits of a hash of a
 * sample for pandas and numpy datasets): recorded as given, it identifies the dataset as MLflow saw it and pins no
 * content ({@link #pinsContent()}).
 */
public record ContentDigest(String value) {

    static final String SHA256 = "sha256:";
    static final String MLFLOW = "mlflow:";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ContentDigest {
        // Upper-case hex is the same digest; normalising keeps "same digest" an equality check.
        value = value == null ? null : value.toLowerCase(Locale.ROOT);
        if (value != null && value.startsWith(MLFLOW)) {
            Checks.requireHex(value, MLFLOW, Math.min(64, Math.max(1, value.length() - MLFLOW.length())),
                    "must be mlflow: followed by 1 to 64 hex digits");
        } else {
            Checks.requireHex(value, SHA256, 64, "must be sha256: followed by 64 hex digits");
        }
    }

    /** An MLflow client's dataset digest, as it sent it ({@code 1a2b3c4d}), of kind {@code mlflow}. */
    public static ContentDigest mlflow(String hex) {
        return new ContentDigest(MLFLOW + hex);
    }

    /** {@code sha256} or {@code mlflow}. */
    public String kind() {
        return value.substring(0, value.indexOf(':'));
    }

    /** Whether the digest is of the content itself (SHA-256), so that the same digest means the same bytes. */
    public boolean pinsContent() {
        return value.startsWith(SHA256);
    }

    public static ContentDigest of(String value) {
        return new ContentDigest(value);
    }

    /** The digest of these bytes. */
    public static ContentDigest of(byte[] content) {
        return new ContentDigest("sha256:" + sha256Hex(content));
    }

    /**
     * {@code sha256:<hex>} of the bytes as text: the value {@link #of(byte[])} holds, without the checks a digest
     * given from outside needs (a feature digest per prediction, where they were a measurable share of ingest).
     */
    public static String sha256Value(byte[] content) {
        return SHA256 + sha256Hex(content);
    }

    /** SHA-256 of the bytes as 64 lowercase hex digits: also what derived identifiers are made of. */
    public static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The same for the UTF-8 bytes of a text. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
