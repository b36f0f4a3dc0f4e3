package io.custody.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Grows the lineage read model to benchmark size with COPY, in a namespace of its own ({@code gen/}): the
 * node and edge shape OpenLineage ingest writes, so queries cannot tell the generated rows from ingested ones.
 */
final class LineageGraphSeed {

    private LineageGraphSeed() {
    }

    /**
     * Writes {@code runs} generated job runs into the read model with COPY: the same node and edge shape
     * the ingest produces, in the namespace {@code gen/}. Returns the seconds it took.
     */
    static double generate(ServerProcess server, int runs, int domains, int inputs) throws Exception {
        if (runs <= 0) {
            return 0;
        }
        long t0 = System.nanoTime();
        String at = "2026-01-15 09:00:00+00";
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            CopyManager copy = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI();
            StringBuilder nodes = new StringBuilder(1 << 20);
            StringBuilder edges = new StringBuilder(1 << 20);
            for (int j = 0; j < 500; j++) {
                row(nodes, "job:gen/job-" + j, "JOB", "gen/job-" + j, at);
            }
            for (int d = 0; d < Math.min(runs, 1000); d++) {
                row(nodes, "dataset:gen/ds-" + d, "DATASET", "gen/ds-" + d, at);
            }
            for (int d = 0; d < domains; d++) {
                row(nodes, "dataset:gen/source-" + d, "DATASET", "gen/source-" + d, at);
                row(nodes, generatedSource(d), "DATASET_VERSION", "gen/source-" + d + "@v1", at);
                edge(edges, "dataset:gen/source-" + d, generatedSource(d), "HAS_VERSION", at);
            }
            for (int r = 0; r < runs; r++) {
                String run = "jobRun:" + new UUID(0x0190f8a27c1e7d4bL, 0x8a53000000000000L | r);
                String output = generated(r);
                row(nodes, run, "JOB_RUN", run.substring("jobRun:".length()), at);
                row(nodes, output, "DATASET_VERSION", output.substring("datasetVersion:".length()), at);
                edge(edges, "job:gen/job-" + (r % 500), run, "RAN", at);
                SplittableRandom random = new SplittableRandom(r * 31L + 7);
                java.util.Set<String> read = new java.util.LinkedHashSet<>();
                // Distinct inputs; a pipeline's first runs can only read its source, so they read fewer.
                // Every third run reads one more, so the graph has three edges per node as ingest would at scale.
                int reads = inputs + (r % 3 == 0 ? 1 : 0);
                for (int tries = 0; tries < 20 && read.size() < reads; tries++) {
                    int from = r - domains * (1 + random.nextInt(50));
                    read.add(from < 0 ? generatedSource(r % domains) : generated(from));
                }
                read.forEach(input -> edge(edges, input, run, "INPUT_TO", at));
                edge(edges, run, output, "PRODUCED", at);
                edge(edges, "dataset:gen/ds-" + (r % 1000), output, "HAS_VERSION", at);
                if (edges.length() > (1 << 20)) {
                    flush(copy, nodes, edges);
                }
            }
            flush(copy, nodes, edges);
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE rm_lineage_node");
                st.execute("ANALYZE rm_lineage_edge");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("generated %,d job runs in %.1f s%n", runs, seconds);
        return seconds;
    }

    static String generated(int run) {
        return "datasetVersion:gen/ds-" + (run % 1000) + "@v" + run;
    }

    static String generatedSource(int domain) {
        return "datasetVersion:gen/source-" + domain + "@v1";
    }

    private static void row(StringBuilder out, String id, String kind, String name, String at) {
        out.append(id).append('\t').append(kind).append('\t').append(name).append("\t0\t").append(at).append('\n');
    }

    private static void edge(StringBuilder out, String from, String to, String kind, String at) {
        out.append(from).append('\t').append(to).append('\t').append(kind).append("\t0\t0\tbench-generated\t")
                .append(at).append('\t').append(at).append('\n');
    }

    private static void flush(CopyManager copy, StringBuilder nodes, StringBuilder edges) throws Exception {
        if (nodes.length() > 0) {
            copy.copyIn("COPY rm_lineage_node (node_id, kind, name, first_position, first_recorded_at) FROM STDIN",
                    new java.io.StringReader(nodes.toString()));
            nodes.setLength(0);
        }
        if (edges.length() > 0) {
            copy.copyIn("COPY rm_lineage_edge (from_node, to_node, kind, since, position, event_id, recorded_at, "
                    + "valid_from) FROM STDIN", new java.io.StringReader(edges.toString()));
            edges.setLength(0);
        }
    }
}
