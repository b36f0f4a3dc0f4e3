package io.custody.infra.support;

import org.springframework.graphql.ResponseError;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The one error a refused GraphQL operation answers: its code, the field it names, and what its message says. */
public final class GraphQlErrorsAssert {

    private GraphQlErrorsAssert() {
    }

    public static Consumer<List<ResponseError>> oneError(String code, String field, String... messageContains) {
        return errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getExtensions()).containsEntry("code", code).containsEntry("field", field);
            assertThat(errors.get(0).getMessage()).contains(messageContains);
        };
    }
}
