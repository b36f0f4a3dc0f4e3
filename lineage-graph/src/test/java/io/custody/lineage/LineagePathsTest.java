package io.custody.lineage;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineagePathsTest {

    private static List<String[]> edges(String... pairs) {
        return java.util.Arrays.stream(pairs).map(p -> p.split(">")).toList();
    }

    @Test
    void each_node_gets_one_shortest_path_from_the_root() {
        LineagePaths paths = LineagePaths.from("a", edges("a>b", "b>c", "c>d", "a>d"), -1);
        assertThat(paths.pathTo("d")).containsExactly("a", "d");
        assertThat(paths.pathTo("c")).containsExactly("a", "b", "c");
        assertThat(paths.depth("c")).isEqualTo(2);
        assertThat(paths.reached()).containsExactly("a", "b", "d", "c");
    }

    @Test
    void a_cycle_ends_where_a_node_is_seen_again() {
        LineagePaths paths = LineagePaths.from("a", edges("a>b", "b>c", "c>a", "c>d"), -1);
        assertThat(paths.reached()).containsExactly("a", "b", "c", "d");
        assertThat(paths.pathTo("d")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void the_depth_limit_stops_the_walk() {
        LineagePaths paths = LineagePaths.from("a", edges("a>b", "b>c"), 1);
        assertThat(paths.reached()).containsExactly("a", "b");
        assertThat(paths.pathTo("c")).isEmpty();
    }

    @Test
    void node_ids_are_typed_and_long_ones_shortened_to_a_hash() {
        assertThat(LineageNodes.kindOf("datasetVersion:lending/applications@v3")).isEqualTo("datasetVersion");
        assertThat(LineageNodes.kindOf("jobRun:0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4d")).isEqualTo("jobRun");
        assertThat(LineageNodes.producer("jobRun:0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4d"))
                .isEqualTo("jobRun:0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4d");
        assertThat(LineageNodes.producer("train-42")).isEqualTo("run:train-42");
        String longRepository = "https://git.example.com/" + "x".repeat(2000);
        assertThat(LineageNodes.commit(longRepository, "abc")).startsWith("commit:sha256:").hasSize(78);
    }
}
