package io.custody.infra.server;

import io.custody.infra.support.FreshServer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code custody.processing.segments=2}, as a cluster would be configured, on one instance: each read model
 * runs two segments (two threads), events are split between them by stream, and a mutation still reads its
 * own writes, whichever segment its stream falls in.
 */
class TwoSegmentsTest {

    @AutoClose
    private static final FreshServer server = FreshServer.start(Map.of("custody.processing.segments", "2"));

    @Test
    void every_read_model_runs_two_segments_and_mutations_read_their_writes() {
        List<StreamingEventProcessor> processors = server.bean(EventProcessingConfiguration.class).eventProcessors()
                .values().stream().filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast).toList();
        assertThat(processors).isNotEmpty();
        // Each segment's thread claims its segment on its own schedule.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                processors.forEach(p -> assertThat(p.processingStatus()).as(p.getName()).hasSize(2)));

        for (int d = 0; d < 6; d++) {
            // Several streams, so both segments get some.
            String name = "segments/ds-" + d + "-" + UUID.randomUUID().toString().substring(0, 8);
            server.graphQl().document("mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { dataset { name } } }")
                    .variable("i", Map.of("name", name, "owner", "risk-data"))
                    .execute().path("registerDataset.dataset.name").entity(String.class).isEqualTo(name);
            server.graphQl().document("mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) "
                            + "{ datasetVersion { version } } }")
                    .variable("i", Map.of("dataset", name, "version", "v1", "digest", "sha256:" + "a".repeat(64),
                            "location", "s3://lake/" + name + "/v1", "rowCount", 10, "schema", List.of()))
                    .execute().path("registerDatasetVersion.datasetVersion.version").entity(String.class)
                    .isEqualTo("v1");
            server.graphQl().document("query($n: String!) { dataset(name: $n) { versionCount } }").variable("n", name)
                    .execute().path("dataset.versionCount").entity(Integer.class).isEqualTo(1);
        }
    }
}
