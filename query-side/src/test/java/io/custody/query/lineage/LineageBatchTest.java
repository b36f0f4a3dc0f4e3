package io.custody.query.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-batch merges give the same node whatever order a batch's events came in. */
class LineageBatchTest {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-01-15T09:00:00Z");
    private static final OffsetDateTime T1 = OffsetDateTime.parse("2026-01-15T09:05:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode facets(String key, String value) {
        return JSON.createObjectNode().put(key, value);
    }

    @Test
    void an_ending_wins_over_a_start_that_arrives_after_it() {
        LineageBatch batch = new LineageBatch();
        LineageBatch.Node run = batch.node("jobRun:x", "JOB_RUN", "x", 10, T1);
        batch.state(run, "COMPLETE", true, T1, 10);
        batch.state(run, "START", false, T0, 11);
        assertThat(run.state).isEqualTo("COMPLETE");
    }

    @Test
    void the_newest_report_wins_per_facet_and_older_facets_are_kept() {
        LineageBatch batch = new LineageBatch();
        LineageBatch.Node run = batch.node("jobRun:x", "JOB_RUN", "x", 10, T1);
        ObjectNode newer = facets("a", "new").put("b", "only-new");
        ObjectNode older = facets("a", "old").put("c", "only-old");
        ObjectNode newest = facets("d", "newest");
        batch.facets(run, newer, 20);
        batch.facets(run, older, 10);
        batch.facets(run, newest, 30);
        assertThat(run.facets.get("a").asText()).isEqualTo("new");
        assertThat(run.facets.get("b").asText()).isEqualTo("only-new");
        assertThat(run.facets.get("c").asText()).isEqualTo("only-old");
        assertThat(run.facets.get("d").asText()).isEqualTo("newest");
        // The events' own facets are shared by every processor through the event store's cache: never written to.
        assertThat(newer).isEqualTo(facets("a", "new").put("b", "only-new"));
        assertThat(older).isEqualTo(facets("a", "old").put("c", "only-old"));
        assertThat(newest).isEqualTo(facets("d", "newest"));
    }

    @Test
    void a_node_keeps_the_first_event_that_named_it_and_the_first_quarantine() {
        LineageBatch batch = new LineageBatch();
        LineageBatch.Node node = batch.node("datasetVersion:a/b@v1", "DATASET_VERSION", "a/b@v1", 30, T1);
        batch.node("datasetVersion:a/b@v1", "DATASET_VERSION", "a/b@v1", 5, T0);
        batch.quarantine(node, "later", T1, T1, 40);
        batch.quarantine(node, "first", T0, T0, 35);
        assertThat(node.firstPosition).isEqualTo(5);
        assertThat(node.quarantineReason).isEqualTo("first");
    }
}
