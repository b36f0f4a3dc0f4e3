package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** A content digest, {@code sha256:<64 lowercase hex>}: what makes a dataset version or artifact what it is. */
public record ContentDigest(String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ContentDigest {
        // Upper-case hex is the same digest; normalising keeps "same digest" an equality check.
        value = value == null ? null : value.toLowerCase(Locale.ROOT);
        Checks.requireHex(value, "sha256:", 64, "must be sha256: followed by 64 hex digits");
    }

    public static ContentDigest of(String value) {
        return new ContentDigest(value);
    }

    /** The digest of these bytes. */
    public static ContentDigest of(byte[] content) {
        return new ContentDigest("sha256:" + sha256Hex(content));
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
