package io.custody.values;

import io.custody.errors.CustodyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityValuesTest {

    @Test
    void an_actor_name_is_a_login_or_service_name() {
        for (String good : new String[] {"airflow", "dana.smith@example.com", "svc_deploy-2", "a+b"}) {
            assertThat(ActorName.of(good).value()).isEqualTo(good);
        }
    }

    @Test
    void an_actor_name_with_spaces_or_control_characters_or_too_long_is_refused_naming_the_rule() {
        for (String bad : new String[] {" ", "bob smith", "-bob", "bob\nmallory", "a".repeat(129)}) {
            assertThatThrownBy(() -> ActorName.of(bad)).as(bad).isInstanceOf(CustodyException.class)
                    .hasMessageContaining("must");
        }
    }

    @Test
    void a_token_id_is_8_to_32_lowercase_letters_and_digits_so_it_holds_no_underscore() {
        assertThat(ApiTokenId.of("0123456789abcdef0123").value()).isEqualTo("0123456789abcdef0123");
        for (String bad : new String[] {"short", "ABCDEFGH12", "abc_defgh12", "a".repeat(33)}) {
            assertThatThrownBy(() -> ApiTokenId.of(bad)).as(bad).isInstanceOf(CustodyException.class)
                    .hasMessageContaining("must");
        }
    }
}
