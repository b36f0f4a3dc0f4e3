package io.custody.command.api;

import io.custody.errors.CustodyException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentAppendTest {

    @Test
    void an_append_that_lost_its_sequence_to_another_writer_is_retried() {
        assertThat(ConcurrentAppend.isConcurrentAppend(new IllegalStateException("commit failed",
                new ConcurrencyException("An event for aggregate [x] at sequence [3] was already inserted")))).isTrue();
    }

    @Test
    void a_new_stream_whose_first_event_another_writer_stored_is_retried() {
        assertThat(ConcurrentAppend.isConcurrentAppend(
                new AggregateStreamCreationException("stream jobrun:x was created by another writer"))).isTrue();
    }

    @Test
    void a_refused_command_is_not_retried_even_on_an_input_field() {
        assertThat(ConcurrentAppend.isConcurrentAppend(CustodyException.conflict("input.name", "already registered")))
                .isFalse();
        assertThat(ConcurrentAppend.isConcurrentAppend(new IllegalStateException("no"))).isFalse();
    }
}
