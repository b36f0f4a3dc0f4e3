package io.custody.command.security;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenSecretsTest {

    @Test
    void a_generated_token_parses_back_into_its_id_and_a_32_byte_secret() {
        ApiTokenSecrets.Token token = ApiTokenSecrets.generate();
        assertThat(token.bearer()).startsWith("cst_" + token.id().value() + "_");
        assertThat(ApiTokenSecrets.parse(token.bearer())).contains(token);
        assertThat(Base64.getUrlDecoder().decode(token.secret())).hasSize(32);
    }

    @Test
    void a_secret_with_underscores_splits_at_the_first_one_after_the_id() {
        assertThat(ApiTokenSecrets.parse("cst_abcdefgh12_se_cr_et")).hasValueSatisfying(t -> {
            assertThat(t.id().value()).isEqualTo("abcdefgh12");
            assertThat(t.secret()).isEqualTo("se_cr_et");
        });
    }

    @Test
    void strings_not_of_the_form_are_no_api_tokens() {
        assertThat(ApiTokenSecrets.parse("eyJhbGciOiJSUzI1NiJ9.x.y")).isEmpty();
        assertThat(ApiTokenSecrets.parse("cst_short_x")).isEmpty();
        assertThat(ApiTokenSecrets.parse("cst_abcdefgh12_")).isEmpty();
        assertThat(ApiTokenSecrets.parse("cst_abcdefgh12")).isEmpty();
    }

    @Test
    void only_the_same_secret_with_the_same_salt_matches_the_hash() {
        byte[] salt = ApiTokenSecrets.salt();
        byte[] hash = ApiTokenSecrets.hash(salt, "secret");
        assertThat(ApiTokenSecrets.matches(salt, hash, "secret")).isTrue();
        assertThat(ApiTokenSecrets.matches(salt, hash, "secreT")).isFalse();
        assertThat(ApiTokenSecrets.matches(ApiTokenSecrets.salt(), hash, "secret")).isFalse();
    }
}
