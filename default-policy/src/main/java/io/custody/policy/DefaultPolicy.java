package io.custody.policy;

import io.custody.values.PolicyName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The shipped default policy, {@code builtin-gates/1}: in force while no policy is published. The command side
 * enforces it and the query side answers it; docs/policies/default.yaml is the same text (a test holds them equal).
 */
public final class DefaultPolicy {

    public static final PolicyName NAME = PolicyName.BUILTIN;
    public static final int VERSION = 1;
    public static final String RESOURCE = "/io/custody/policies/default.yaml";
    private static final String DOCUMENT = load();

    private DefaultPolicy() {
    }

    public static String document() {
        return DOCUMENT;
    }

    private static String load() {
        try (InputStream in = DefaultPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
