package io.custody.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTest {

    private static final String SECRET = "It is a secret of at least 32 chars!";
    private static final byte[] BODY = "{\"version\":1,\"kind\":\"DEPLOYMENT\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_signature_is_the_hex_hmac_sha256_of_the_body_as_pythons_hmac_module_computes_it() {
        // python3 -c "import hmac,hashlib; print(hmac.new(b'<secret>', b'<body>', hashlib.sha256).hexdigest())"
        assertThat(Signatures.sign(SECRET, BODY))
                .isEqualTo("sha256=2e69cc5ec68288e06fe96dcb20cf2a5bc1de1e46571c8c6e8b4a7855374fc511");
    }

    @Test
    void a_signature_verifies_only_for_the_same_secret_and_the_same_bytes() {
        String signature = Signatures.sign(SECRET, BODY);
        assertThat(Signatures.verifies(SECRET, BODY, signature)).isTrue();
        assertThat(Signatures.verifies(SECRET + "x", BODY, signature)).isFalse();
        assertThat(Signatures.verifies(SECRET, "{\"version\":1, \"kind\":\"DEPLOYMENT\"}".getBytes(StandardCharsets.UTF_8),
                signature)).isFalse();
        assertThat(Signatures.verifies(SECRET, BODY, null)).isFalse();
    }
}
