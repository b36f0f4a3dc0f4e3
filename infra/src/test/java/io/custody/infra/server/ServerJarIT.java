package io.custody.infra.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's promise, against the packaged jar: it starts with nothing installed but Java, refuses an
 * anonymous query and prints its bootstrap admin token once (not again on restart), a dataset
 * version registered over HTTP reads back and is found by search, a conflicting digest is refused, and a
 * restart on the same data directory keeps it.
 */
class ServerJarIT {

    static final String DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void the_jar_registers_finds_refuses_and_keeps_a_dataset_version_across_restarts(@TempDir Path dir) throws Exception {
        try (CustodyServer server = new CustodyServer(dir.resolve("custody-data")).start()) {
            System.out.println("cold start to health UP: " + server.lastStartMillis + " ms");
            assertThat(server.postAnonymously("/graphql", "application/json", "{\"query\": \"{ about { head } }\"}")
                    .statusCode()).as("an anonymous query").isEqualTo(401);
            assertThat(server.bootstrapToken()).startsWith("cst_");
            ok(server.graphQl("mutation { registerDataset(input: {name: \"lending/applications\", owner: \"risk-data\","
                    + " tags: [\"pii\"]}) { receipt { position } } }"));
            ok(server.graphQl("mutation { registerDatasetVersion(input: {dataset: \"lending/applications\", version: \"v3\","
                    + " location: \"s3://lake/lending/applications/v3\", digest: \"" + DIGEST + "\", rowCount: 120000})"
                    + " { receipt { position } } }"));
            assertThat(versionDigest(server)).isEqualTo(DIGEST);
            assertThat(server.graphQl("{ search(text: \"applications\") { hits { id } } }").at("/data/search/hits")
                    .findValuesAsText("id")).contains("DATASET_VERSION:lending/applications@v3");
            JsonNode conflict = server.graphQl("mutation { registerDatasetVersion(input: {dataset: \"lending/applications\","
                    + " version: \"v3\", location: \"s3://x/y\", digest: \"sha256:" + "0".repeat(64) + "\"})"
                    + " { receipt { position } } }");
            assertThat(conflict.at("/errors/0/extensions/code").asText()).isEqualTo("CONFLICT");

            server.stop();
            server.start();
            System.out.println("restart to health UP: " + server.lastStartMillis + " ms");
            assertThat(versionDigest(server)).isEqualTo(DIGEST);
            assertThat(server.graphQl("{ dataset(name: \"lending/applications\") { versionCount } }")
                    .at("/data/dataset/versionCount").asInt()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("server.log")).split("Bootstrap admin token: ", -1))
                    .as("bootstrap token lines across the restart").hasSize(2);
        }
    }

    static String versionDigest(CustodyServer server) throws Exception {
        return server.graphQl("{ datasetVersion(dataset: \"lending/applications\", version: \"v3\") { digest } }")
                .at("/data/datasetVersion/digest").asText();
    }

    static void ok(JsonNode reply) {
        assertThat(reply.has("errors")).as("errors in %s", reply).isFalse();
    }
}
