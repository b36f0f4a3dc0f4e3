package io.custody.infra.rebuild;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.custody.errors.CustodyException;
import io.custody.infra.config.CustodyProperties;
import io.custody.infra.store.AxonStorePositions;
import io.custody.infra.store.StoreSchema;
import io.custody.infra.store.StoredTokens;
import io.custody.query.search.SearchIndex;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Rebuilds a read model from the event store while the live one keeps answering, then switches over
 * (docs/audit.md, "Rebuilding a read model"):
 * <ol>
 *   <li>an empty shadow of the model (schema copies of its tables, or a new physical search index);</li>
 *   <li>new instances of the group's projection classes wired to the shadow, run by a temporary tracking
 *       processor {@code rebuild:<group>} from the start of the log, with its own token;</li>
 *   <li>once it reaches the head: the live processor stops, the rebuild takes the last events, and one
 *       transaction moves the tables (or one request moves the alias) and hands the rebuild's token to the
 *       live processor, which starts again and carries on from there.</li>
 * </ol>
 */
@Component
public class Rebuilder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);
    private static final int KEPT = 50;

    private final ReadModels readModels;
    private final ConfigurableListableBeanFactory beans;
    private final EventProcessingConfiguration processing;
    private final org.axonframework.config.Configuration axon;
    private final EventStore eventStore;
    private final AxonStorePositions positions;
    private final StoredTokens tokens;
    private final Serializer serializer;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SearchIndex searchIndex;
    private final RebuildProperties properties;
    private final boolean projecting;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService runner = Executors.newCachedThreadPool(named("custody-rebuild"));
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    Rebuilder(ReadModels readModels, ConfigurableListableBeanFactory beans, EventProcessingConfiguration processing,
              org.axonframework.config.Configuration axon, EventStore eventStore, Serializer serializer,
              DataSource dataSource, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
              SearchIndex searchIndex, RebuildProperties properties, CustodyProperties custody,
              StoredTokens tokens) {
        this.readModels = readModels;
        this.beans = beans;
        this.processing = processing;
        this.axon = axon;
        this.eventStore = eventStore;
        this.positions = new AxonStorePositions(eventStore, jdbc);
        this.tokens = tokens;
        this.serializer = serializer;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.searchIndex = searchIndex;
        this.properties = properties;
        this.projecting = custody.processing().enabled();
    }

    /** Starts rebuilding the named read model; CONFLICT if it is already being rebuilt. */
    public synchronized RebuildStatus start(String name) {
        ReadModel model = readModels.named(name);
        if (!projecting) {
            // The switch-over stops and restarts the live processor here; on an ingest instance that would
            // start projecting on an instance configured not to, beside the instances that do.
            throw CustodyException.conflict("name", "this instance projects nothing (custody.processing.enabled="
                    + "false): rebuild " + name + " on an instance that projects it");
        }
        boolean busy = jobs.values().stream().anyMatch(j -> j.model.name().equals(name) && !j.finished());
        if (busy) {
            throw CustodyException.conflict("name", "read model " + name + " is already being rebuilt");
        }
        Job job = new Job(model);
        jobs.put(job.id, job);
        forgetOldJobs();
        runner.submit(job::run);
        return job.status();
    }

    public Optional<RebuildStatus> status(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::status);
    }

    /** The most recent rebuilds, newest first. */
    public List<RebuildStatus> recent() {
        return jobs.values().stream().map(Job::status)
                .sorted(Comparator.comparing(RebuildStatus::startedAt).reversed()).toList();
    }

    private void forgetOldJobs() {
        List<Job> finished = jobs.values().stream().filter(Job::finished)
                .sorted(Comparator.comparing(j -> j.startedAt)).toList();
        for (int i = 0; i < finished.size() - KEPT; i++) {
            jobs.remove(finished.get(i).id);
        }
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }

    private long head() {
        return positions.globalHead();
    }

    /** One rebuild of one read model. */
    private final class Job {

        final String id = UUID.randomUUID().toString();
        final ReadModel model;
        final Instant startedAt = clock.instant();
        final String processorName;
        private volatile RebuildStatus.RebuildState state = RebuildStatus.RebuildState.PREPARING;
        private volatile long target = -1;
        private volatile long position = -1;
        private volatile long startNanos = System.nanoTime();
        private volatile Instant finishedAt;
        private volatile String rebuiltInto;
        private volatile String retiredTo;
        private volatile String error;
        /** The last batch failure of the rebuilding processor, cleared when it advances again. */
        private volatile Throwable lastFailure;

        Job(ReadModel model) {
            this.model = model;
            this.processorName = "rebuild:" + model.name();
        }

        boolean finished() {
            return state == RebuildStatus.RebuildState.COMPLETED || state == RebuildStatus.RebuildState.FAILED;
        }

        RebuildStatus status() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double rate = position > 0 && seconds > 0 ? position / seconds : 0;
            return new RebuildStatus(id, model.name(), state, startedAt, finishedAt, target, position, rate,
                    rebuiltInto, retiredTo, error);
        }

        void run() {
            StreamingEventProcessor live = processing.eventProcessorByProcessingGroup(model.name(),
                    StreamingEventProcessor.class).orElseThrow();
            ShadowTables tables = model.kind() == ReadModel.Kind.POSTGRES ? new ShadowTables(jdbc, tx, model) : null;
            ShadowIndex index = model.kind() == ReadModel.Kind.SEARCH ? new ShadowIndex(searchIndex) : null;
            HikariDataSource shadowSource = null;
            TrackingEventProcessor rebuild = null;
            boolean liveStopped = false;
            boolean switched = false;
            try {
                target = head();
                Map<Class<?>, Object> replacements = new LinkedHashMap<>();
                if (tables != null) {
                    tables.create();
                    rebuiltInto = tables.shadowSchema();
                    shadowSource = shadowDataSource(tables.searchPath());
                    JdbcTemplate shadowJdbc = new JdbcTemplate(shadowSource);
                    replacements.put(DataSource.class, shadowSource);
                    replacements.put(JdbcTemplate.class, shadowJdbc);
                    replacements.put(NamedParameterJdbcTemplate.class, new NamedParameterJdbcTemplate(shadowJdbc));
                    replacements.put(JdbcClient.class, JdbcClient.create(shadowJdbc));
                } else {
                    index.create();
                    rebuiltInto = index.rebuilt();
                    shadowSource = shadowDataSource("public");
                    replacements.put(SearchIndex.class, new SearchIndex(searchIndex.client(), index.rebuilt()));
                }
                List<Object> projections = new ProjectionFactory(beans, replacements).create(model.projections());
                tokens.delete(processorName);
                rebuild = processor(projections, shadowSource, live);
                startNanos = System.nanoTime();
                rebuild.start();
                state = RebuildStatus.RebuildState.CATCHING_UP;
                log.info("rebuilding {} into {} up to position {}", model.name(), rebuiltInto, target);
                await(rebuild, target, null);

                state = RebuildStatus.RebuildState.SWITCHING;
                live.shutDown();
                liveStopped = true;
                long last = head();
                await(rebuild, last, System.nanoTime() + properties.switchTimeout().toNanos());
                rebuild.shutDown();
                if (tables != null) {
                    tables.analyze();
                } else {
                    index.swap();
                    retiredTo = index.live();
                }
                tx.executeWithoutResult(s -> {
                    if (tables != null) {
                        tables.swap();
                    }
                    handOverToken(live.getName());
                });
                switched = true;
                if (tables != null) {
                    retiredTo = tables.retiredSchema();
                }
                live.start();
                liveStopped = false;
                finishedAt = clock.instant();
                state = RebuildStatus.RebuildState.COMPLETED;
                log.info("rebuilt {} through position {} at {} events/s; the previous generation is in {}",
                        model.name(), position, Math.round(status().eventsPerSecond()), retiredTo);
            } catch (RuntimeException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                log.warn("rebuilding {} failed: {}", model.name(), error, e);
                if (rebuild != null) {
                    rebuild.shutDown();
                }
                if (!switched) {
                    cleanUp(tables, index);
                }
                if (liveStopped) {
                    live.start();
                }
                finishedAt = clock.instant();
                state = RebuildStatus.RebuildState.FAILED;
            } finally {
                if (shadowSource != null) {
                    shadowSource.close();
                }
            }
        }

        private void cleanUp(ShadowTables tables, ShadowIndex index) {
            try {
                tokens.delete(processorName);
                if (tables != null) {
                    tables.drop();
                }
                if (index != null) {
                    index.drop();
                }
            } catch (RuntimeException e) {
                log.warn("cleaning up after the failed rebuild of {} failed too: {}", model.name(), e.toString());
            }
        }

        /**
         * Gives the live processor's segments the rebuild's stored token, in the switch's transaction. The
         * rebuild ran one segment, so its token covers the whole log: valid for every segment of the live one.
         * Every event the rebuild applied was committed with that token; events after it that it merely
         * skipped, the live processor reads again and skips too.
         */
        private void handOverToken(String liveName) {
            if (!tokens.handOver(processorName, liveName)) {
                throw new IllegalStateException("no token to hand over from " + processorName + " to " + liveName);
            }
        }

        private void await(StreamingEventProcessor rebuild, long until, Long deadline) {
            long errorSince = 0;
            while (true) {
                OptionalLong reached = reached(rebuild);
                if (reached.isPresent()) {
                    if (reached.getAsLong() > position) {
                        lastFailure = null;
                    }
                    position = reached.getAsLong();
                }
                if (position >= until) {
                    return;
                }
                // A failed batch releases the segment and the processor retries later, so its status may not
                // show the error: the failure the error handler saw counts as well, or a rebuild that can never
                // succeed would wait for ever.
                Optional<Throwable> failure = rebuild.processingStatus().values().stream()
                        .filter(EventTrackerStatus::isErrorState).map(EventTrackerStatus::getError).findFirst()
                        .or(() -> Optional.ofNullable(lastFailure));
                if (failure.isPresent()) {
                    errorSince = errorSince == 0 ? System.nanoTime() : errorSince;
                    if (System.nanoTime() - errorSince > 30_000_000_000L) {
                        throw new IllegalStateException("the rebuilding projections keep failing: "
                                + failure.get().getMessage(), failure.get());
                    }
                } else {
                    errorSince = 0;
                }
                if (deadline != null && System.nanoTime() > deadline) {
                    throw new IllegalStateException("the rebuild did not reach position " + until + " within "
                            + properties.switchTimeout() + " of the live processor stopping");
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("interrupted");
                }
                LockSupport.parkNanos(50_000_000);
            }
        }

        private OptionalLong reached(StreamingEventProcessor processor) {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            if (status.isEmpty()) {
                return OptionalLong.empty();
            }
            long min = Long.MAX_VALUE;
            for (EventTrackerStatus segment : status.values()) {
                min = Math.min(min, segment.getCurrentPosition().orElse(-1));
            }
            return OptionalLong.of(min);
        }

        /**
         * A tracking processor, like the live ones. Not Axon's pooled processor: once its buffer of 1,024
         * events is full, its coordinator looks again only after 100 ms, so a worker that handles every
         * event (the prediction read model over a history of one event per prediction) drained the buffer
         * and waited, about 10,000 events/s whatever the batch size (docs/benchmarks.md).
         */
        private TrackingEventProcessor processor(List<Object> projections, DataSource shadowSource,
                                                 StreamingEventProcessor live) {
            SimpleEventHandlerInvoker invoker = SimpleEventHandlerInvoker.builder()
                    .eventHandlers(projections)
                    .parameterResolverFactory(axon.parameterResolverFactory())
                    .handlerDefinition(axon.handlerDefinition(projections.get(0).getClass()))
                    .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                    .build();
            JdbcTokenStore tokens = JdbcTokenStore.builder()
                    .connectionProvider(new SpringDataSourceConnectionProvider(shadowSource))
                    .serializer(serializer)
                    .schema(StoreSchema.TOKENS)
                    .contentType(byte[].class)
                    .build();
            ThreadFactory thread = named("custody-rebuild-" + model.name());
            TrackingEventProcessor processor = TrackingEventProcessor.builder()
                    .name(processorName)
                    .eventHandlerInvoker(invoker)
                    .errorHandler(context -> {
                        lastFailure = context.error();
                        PropagatingErrorHandler.instance().handleError(context);
                    })
                    .messageSource(eventStore)
                    .tokenStore(tokens)
                    .transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(shadowSource)))
                    .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                            .andBatchSize(properties.batchSize())
                            .andInitialTrackingToken(StreamableMessageSource::createTailToken)
                            .andThreadFactory(name -> thread))
                    .build();
            // The application's interceptors (correlation data), not the live processor's own: a tracking
            // processor registers its own, which reads its segment from the unit of work.
            live.getHandlerInterceptors().stream()
                    .filter(interceptor -> !interceptor.getClass().getName().startsWith(
                            TrackingEventProcessor.class.getName()))
                    .forEach(processor::registerHandlerInterceptor);
            return processor;
        }
    }

    /**
     * A small pool like the application's, whose connections look in {@code searchPath} first: unqualified
     * table names in the projections then reach the shadow tables.
     */
    private HikariDataSource shadowDataSource(String searchPath) {
        HikariDataSource main;
        try {
            main = dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("rebuilding needs the application's HikariCP data source", e);
        }
        HikariConfig config = new HikariConfig();
        main.copyStateTo(config);
        config.setPoolName("custody-rebuild-" + UUID.randomUUID().toString().substring(0, 8));
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(0);
        // A replay fills empty tables: plans for their current size, as the live processors' transactions do
        // (CustomPlansTransactionManager).
        config.setConnectionInitSql("SET search_path TO " + searchPath + "; SET plan_cache_mode = force_custom_plan");
        return new HikariDataSource(config);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
