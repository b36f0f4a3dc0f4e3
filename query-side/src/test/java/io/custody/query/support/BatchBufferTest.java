package io.custody.query.support;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Buffered projection writes: once per batch, or per event when an event is written alone. */
class BatchBufferTest {

    final List<List<String>> written = new ArrayList<>();
    UnitOfWork<?> batch;

    @BeforeEach
    void startBatch() {
        batch = DefaultUnitOfWork.startAndGet(null);
    }

    @AfterEach
    void endBatch() {
        if (batch.isActive()) {
            batch.rollback();
        }
    }

    List<String> buffer() {
        return BatchBuffer.of("test", ArrayList::new, rows -> written.add(List.copyOf(rows)));
    }

    @Test
    void a_batchs_writes_are_written_once_when_it_commits() {
        buffer().add("a");
        buffer().add("b");
        assertThat(written).isEmpty();
        batch.commit();
        assertThat(written).containsExactly(List.of("a", "b"));
    }

    @Test
    void an_event_written_alone_is_written_before_its_handling_returns_and_not_again_with_the_batch() throws Exception {
        BatchBuffer.writingAlone(() -> buffer().add("alone"));
        assertThat(written).containsExactly(List.of("alone"));
        buffer().add("batched");
        batch.commit();
        assertThat(written).containsExactly(List.of("alone"), List.of("batched"));
    }

    @Test
    void an_event_written_alone_sees_only_its_own_buffer() throws Exception {
        buffer().add("batched");
        BatchBuffer.writingAlone(() -> {
            assertThat(BatchBuffer.<List<String>>existing("test")).isNull();
            return buffer().add("alone");
        });
        assertThat(BatchBuffer.<List<String>>existing("test")).containsExactly("batched");
    }

    @Test
    void a_write_that_fails_fails_the_event_written_alone() {
        assertThatThrownBy(() -> BatchBuffer.writingAlone(() -> BatchBuffer.<List<String>>of("failing", ArrayList::new,
                rows -> {
                    throw new IllegalStateException("value too long");
                }).add("x"))).hasMessage("value too long");
        batch.commit();
        assertThat(written).isEmpty();
    }
}
