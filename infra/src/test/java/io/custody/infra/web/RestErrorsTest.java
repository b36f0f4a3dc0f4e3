package io.custody.infra.web;

import io.custody.errors.CustodyException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrapped causes keep their meaning: a refusal its code, a lost race CONFLICT; only the unknown is INTERNAL. */
class RestErrorsTest {

    private final RestErrors errors = new RestErrors();

    @Test
    void a_lost_race_wrapped_by_axon_is_a_conflict_to_retry() {
        var reply = errors.unexpected(new CommandExecutionException("failed", new IllegalStateException("commit",
                new ConcurrencyException("sequence 3 of dataset:a/b was taken"))));
        assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reply.getBody().code()).isEqualTo("CONFLICT");
        assertThat(reply.getBody().message()).contains("retry");
    }

    @Test
    void a_new_stream_created_twice_at_once_is_a_conflict_to_retry() {
        var reply = errors.unexpected(new CommandExecutionException("failed", new IllegalStateException("commit",
                new AggregateStreamCreationException("stream jobrun:x was created by another writer"))));
        assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
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
}
