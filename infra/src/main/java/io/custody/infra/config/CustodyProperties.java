package io.custody.infra.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Custody's own settings, under {@code custody.*}. Connection settings for an external PostgreSQL or
 * Elasticsearch are Spring's standard {@code spring.datasource.*} and {@code spring.elasticsearch.*}.
 *
 * @param dataDir     where the embedded services keep their data; a restart on the same directory keeps everything
 * @param embedded    the in-process PostgreSQL and Elasticsearch of the single-machine default
 * @param consistency how long a write waits for the read models before answering
 * @param processing  how event processors split and batch their work
 */
@ConfigurationProperties("custody")
public record CustodyProperties(@DefaultValue("./custody-data") Path dataDir,
                                @DefaultValue Embedded embedded,
                                @DefaultValue Consistency consistency,
                                @DefaultValue Processing processing) {

    /**
     * @param enabled           start PostgreSQL and Elasticsearch inside the process (off in the {@code external} profile)
     * @param postgresPort      the embedded PostgreSQL's port; 0 picks a free one
     * @param elasticsearchPort the embedded Elasticsearch's HTTP port; 0 picks a free one
     * @param postgresStatementStatistics load {@code pg_stat_statements} into the embedded PostgreSQL, to see
     *                          which statements its time goes to (docs/benchmarks.md)
     */
    public record Embedded(@DefaultValue("true") boolean enabled,
                           @DefaultValue("0") int postgresPort,
                           @DefaultValue("0") int elasticsearchPort,
                           @DefaultValue("false") boolean postgresStatementStatistics) {
    }

    /** @param readYourWritesTimeout the longest a mutation waits for every read model to apply its events */
    public record Consistency(@DefaultValue("10s") Duration readYourWritesTimeout) {
    }

    /**
     * @param segments   how many segments each processing group's stream is split into; instances share them.
     *                   One by default: every segment's coordinator offers every event to its own queue, a
     *                   per-event cost each group pays for each segment, and a single instance gains nothing
     *                   from more (docs/operations.md, docs/benchmarks.md)
     * @param batchSize  events handled per transaction
     * @param batchSizes events per transaction for particular processing groups, overriding {@code batchSize}:
     *                   a high-volume read model amortises each transaction's token write and commit over
     *                   more events
     * @param pollInterval how often an idle processor looks for events that other instances committed;
     *                   events committed on this instance wake the processors at once
     * @param wakeInterval the shortest time between two wakes of a pooled processor by local commits: a lone
     *                   commit is projected at once, a stream of them in batches of this interval (a tracking
     *                   processor is woken at every commit and takes what arrived in batches of its batch size)
     * @param mode       tracking (one thread per segment) or pooled processors
     * @param cachedEvents the newest events the event store keeps in memory for the processors tailing it
     *                   (Axon keeps 10,000): a processor further behind reads the store itself. A prediction
     *                   batch event holds up to 500 predictions, about 150 KB, so Axon's default can hold
     *                   gigabytes; with fewer than 2,000, processors fall behind the cache under OpenLineage
     *                   bursts
     */
    /** Axon's two streaming processors; see ProcessingConfiguration. */
    public enum ProcessorMode { TRACKING, POOLED }

    public record Processing(@DefaultValue("1") int segments,
                             @DefaultValue("100") int batchSize,
                             Map<String, Integer> batchSizes,
                             @DefaultValue("500ms") Duration pollInterval,
                             @DefaultValue("50ms") Duration wakeInterval,
                             @DefaultValue("tracking") ProcessorMode mode,
                             @DefaultValue("2000") int cachedEvents,
                             @DefaultValue("true") boolean enabled) {

        public Processing {
            batchSizes = batchSizes == null ? Map.of() : Map.copyOf(batchSizes);
        }
    }
}
