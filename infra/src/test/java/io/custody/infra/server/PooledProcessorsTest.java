package io.custody.infra.server;

import io.custody.infra.support.FreshServer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code custody.processing.mode=pooled}: Axon's pooled processors, woken by local commits through
 * SignallingMessageSource, still give read-your-writes on every read model, search included.
 */
class PooledProcessorsTest {

    @AutoClose
    private static final FreshServer server = FreshServer.start(Map.of("custody.processing.mode", "pooled"));

    @Test
    void every_read_model_runs_pooled_and_reads_its_writes() {
        // Every streaming one, that is: the command side's lookups are a subscribing processor in any mode.
        assertThat(server.bean(EventProcessingConfiguration.class).eventProcessors().values().stream()
                .filter(p -> !(p instanceof SubscribingEventProcessor)).toList())
                .isNotEmpty().allSatisfy(p -> assertThat(p).isInstanceOf(PooledStreamingEventProcessor.class));

        String name = "pooled/ds-" + UUID.randomUUID().toString().substring(0, 8);
        server.graphQl().document("mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { dataset { name } } }")
                .variable("i", Map.of("name", name, "owner", "risk-data", "description", "pooled processors"))
                .execute().path("registerDataset.dataset.name").entity(String.class).isEqualTo(name);
        for (int v = 1; v <= 3; v++) {
            // Each mutation answers from the read model it just changed: the processors were woken.
            server.graphQl().document("mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) "
                            + "{ datasetVersion { version } } }")
                    .variable("i", Map.of("dataset", name, "version", "v" + v, "digest", "sha256:" + ("" + v).repeat(64),
                            "location", "s3://lake/" + name + "/v" + v, "rowCount", 10, "schema", List.of()))
                    .execute().path("registerDatasetVersion.datasetVersion.version").entity(String.class)
                    .isEqualTo("v" + v);
            server.graphQl().document("query($n: String!) { dataset(name: $n) { versionCount } }").variable("n", name)
                    .execute().path("dataset.versionCount").entity(Integer.class).isEqualTo(v);
        }
        server.graphQl().document("query($t: String!) { search(text: $t) { hits { id } } }")
                .variable("t", name.substring(name.indexOf('-') + 1)).execute()
                .path("search.hits[*].id").entityList(String.class).contains("DATASET:" + name);
    }
}
