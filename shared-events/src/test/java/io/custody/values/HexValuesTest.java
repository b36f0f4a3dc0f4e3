package io.custody.values;

import io.custody.errors.CustodyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HexValuesTest {

    private static final String HEX64 = "0123456789abcdef".repeat(4);

    @Test
    void a_digest_is_sha256_and_64_hex_digits_in_any_case() {
        assertThat(ContentDigest.of("sha256:" + HEX64).value()).isEqualTo("sha256:" + HEX64);
        assertThat(ContentDigest.of("SHA256:" + HEX64.toUpperCase()).value()).isEqualTo("sha256:" + HEX64);
    }

    @Test
    void a_digest_of_another_form_is_refused_naming_the_rule() {
        for (String bad : new String[] {"sha256:" + HEX64.substring(1), "sha256:" + HEX64 + "0",
                "sha512:" + HEX64, "sha256:" + HEX64.substring(1) + "g", HEX64 + "1234567", " "}) {
            assertThatThrownBy(() -> ContentDigest.of(bad)).as(bad).isInstanceOf(CustodyException.class)
                    .hasMessageContaining("must");
        }
        assertThatThrownBy(() -> ContentDigest.of("sha256:xyz")).hasMessageContaining(
                "must be sha256: followed by 64 hex digits");
    }

    @Test
    void an_mlflow_dataset_digest_is_kept_as_given_with_its_kind_and_pins_no_content() {
        ContentDigest mlflow = ContentDigest.mlflow("1A2B3C4D");
        assertThat(mlflow.value()).isEqualTo("mlflow:1a2b3c4d");
        assertThat(mlflow.kind()).isEqualTo("mlflow");
        assertThat(mlflow.pinsContent()).isFalse();
        assertThat(ContentDigest.of("sha256:" + HEX64).kind()).isEqualTo("sha256");
        assertThat(ContentDigest.of("sha256:" + HEX64).pinsContent()).isTrue();
        for (String bad : new String[] {"mlflow:", "mlflow:xyz"}) {
            assertThatThrownBy(() -> ContentDigest.of(bad)).as(bad).hasMessageContaining(
                    "must be mlflow: followed by 1 to 64 hex digits");
        }
        assertThatThrownBy(() -> ContentDigest.of("mlflow:" + HEX64 + "0")).isInstanceOf(CustodyException.class);
    }

    @Test
    void a_commit_is_the_full_40_hex_sha() {
        assertThat(new CodeVersion("https://git.example/x", "ABCDEF0123456789ABCDEF0123456789ABCDEF01", false)
                .commit()).isEqualTo("abcdef0123456789abcdef0123456789abcdef01");
        assertThatThrownBy(() -> new CodeVersion("https://git.example/x", "abc123", false))
                .hasMessageContaining("must be the full 40-hex commit sha");
    }
}
