package io.custody.infra.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The single-machine default: PostgreSQL and Elasticsearch in this process, data under one directory.
 * Both start in parallel because together they are most of the start-up time.
 */
public final class EmbeddedServices implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedElasticsearch elasticsearch;

    private EmbeddedServices(EmbeddedPostgresServer postgres, EmbeddedElasticsearch elasticsearch) {
        this.postgres = postgres;
        this.elasticsearch = elasticsearch;
    }

    public static EmbeddedServices start(Path dataDir, int postgresPort, int elasticsearchPort,
                                         boolean statementStatistics) {
        long started = System.nanoTime();
        Path root = dataDir.toAbsolutePath().normalize();
        CompletableFuture<EmbeddedElasticsearch> search = CompletableFuture.supplyAsync(
                () -> EmbeddedElasticsearch.start(root.resolve("elasticsearch"), elasticsearchPort));
        EmbeddedPostgresServer postgres;
        try {
            postgres = EmbeddedPostgresServer.start(root.resolve("postgres"), postgresPort, statementStatistics);
        } catch (RuntimeException e) {
            search.thenAccept(EmbeddedElasticsearch::close);
            throw e;
        }
        try {
            EmbeddedElasticsearch elasticsearch = search.join();
            log.info("Embedded PostgreSQL on port {} and Elasticsearch on {} started in {} ms, data in {}",
                    postgres.port(), elasticsearch.httpUri(), (System.nanoTime() - started) / 1_000_000, root);
            return new EmbeddedServices(postgres, elasticsearch);
        } catch (CompletionException e) {
            postgres.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public EmbeddedElasticsearch elasticsearch() {
        return elasticsearch;
    }

    @Override
    public void close() {
        try {
            elasticsearch.close();
        } finally {
            postgres.close();
        }
    }
}
