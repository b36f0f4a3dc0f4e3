package io.custody.command.lineage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    @Test
    void every_concurrent_item_is_stored_once_and_answered_with_its_own_outcome() throws Exception {
        List<Integer> stored = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, String> commit = new GroupCommit<>(3, group -> group.forEach(p -> {
            stored.add(p.item());
            p.outcome().complete("stored " + p.item());
        }));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int item = i;
                replies.add(pool.submit(() -> commit.submit(item)));
            }
            for (int i = 0; i < 40; i++) {
                assertThat(replies.get(i).get()).isEqualTo("stored " + i);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(stored).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void a_failed_store_fails_its_group_with_the_error_and_the_next_item_is_stored() {
        GroupCommit<String, String> commit = new GroupCommit<>(10, group -> {
            if (group.get(0).item().equals("bad")) {
                throw new IllegalArgumentException("refused");
            }
            group.forEach(p -> p.outcome().complete("ok"));
        });

        assertThatThrownBy(() -> commit.submit("bad")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refused");
        assertThat(commit.submit("good")).isEqualTo("ok");
    }

    @Test
    void an_item_its_store_leaves_without_an_outcome_fails_rather_than_waits() {
        GroupCommit<String, String> commit = new GroupCommit<>(10, group -> {
        });

        assertThatThrownBy(() -> commit.submit("lost")).isInstanceOf(IllegalStateException.class);
    }
}
