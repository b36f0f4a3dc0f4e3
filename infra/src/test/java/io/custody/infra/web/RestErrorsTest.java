package io.custody.infra.web;

import io.custody.errors.CustodyException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.io.UncheckedIOException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrapped causes keep their meaning: a refusal its code, a lost race CONFLICT; only the unknown is INTERNAL. */
class RestErrorsTest {

    private final RestErrors errors = new RestErrors();

    /** A taken sequence number of an existing stream, or the first event of a new stream created twice. */
    static Stream<Exception> lostRaces() {
        return Stream.of(new ConcurrencyException("sequence 3 of dataset:a/b was taken"),
                new AggregateStreamCreationException("stream jobrun:x was created by another writer"));
    }

    @ParameterizedTest
    @MethodSource("lostRaces")
    void a_lost_race_wrapped_by_axon_is_a_conflict_to_retry(Exception race) {
        var reply = errors.unexpected(new CommandExecutionException("failed", new IllegalStateException("commit",
                race)));
        assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reply.getBody().code()).isEqualTo("CONFLICT");
        assertThat(reply.getBody().message()).contains("retry");
    }

    @Test
    void a_wrapped_refusal_keeps_its_code_and_field() {
        var reply = errors.unexpected(new RuntimeException(CustodyException.badRequest("input.digest", "must be sha256")));
        assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(reply.getBody().field()).isEqualTo("input.digest");
    }

    @Test
    void anything_else_is_internal_with_a_reference() {
        var reply = errors.unexpected(new IllegalStateException("boom"));
        assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(reply.getBody().message()).startsWith("internal error, reference ");
    }

    @Test
    void a_body_that_grew_past_the_limit_while_read_is_413_naming_the_property() {
        var reply = errors.unexpected(new UncheckedIOException(new RequestTooLargeException(1024)));
        assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(reply.getBody().field()).isEqualTo("custody.http.max-request-size");
        assertThat(reply.getBody().message()).contains("1024 bytes");
    }

    @Test
    void a_path_that_does_not_exist_stays_not_found() {
        var reply = errors.unexpected(new NoResourceFoundException(HttpMethod.GET, "api/v1/nothing"));
        assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(reply.getBody().code()).isEqualTo("NOT_FOUND");
    }
}
