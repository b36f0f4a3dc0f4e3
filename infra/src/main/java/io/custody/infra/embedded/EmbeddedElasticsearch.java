package io.custody.infra.embedded;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.health.ClusterHealthResponse;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.CustodyInProcessNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A single-node Elasticsearch cluster running inside this JVM, reachable over HTTP on the loopback interface.
 *
 * <p>It exists so that the application and its tests can run without an external Elasticsearch, while still talking to it
 * through the ordinary REST client. Only the server core is present: no x-pack (security, ILM, ...), no {@code rest-root}
 * module ({@code GET /} answers 405, so probe with cluster health) and only the core analyzers (standard, simple,
 * whitespace, keyword, ...).
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);

    private static final String CLUSTER_NAME = "custody";
    private static final long STARTUP_TIMEOUT_SECONDS = 60;
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final Node node;
    private final int httpPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedElasticsearch(Node node, int httpPort) {
        this.node = node;
        this.httpPort = httpPort;
    }

    /**
     * Starts a node whose whole state lives under {@code dataDir}, so that starting again on the same directory finds the
     * same indices, and returns once the cluster is at least YELLOW.
     *
     * @param httpPort the HTTP port to bind on 127.0.0.1, or 0 for any free port
     */
    public static EmbeddedElasticsearch start(Path dataDir, int httpPort) {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("invalid HTTP port " + httpPort);
        }
        // Elasticsearch discovers parts of itself (e.g. the x-content extensions the REST layer needs to render responses)
        // with ServiceLoader through the thread's context class loader, caches the result in static fields, and passes the
        // context class loader on to every thread it creates. In the fat jar a caller such as a ForkJoinPool.commonPool()
        // worker has the system class loader, which cannot see the nested jars: the node would start, but REST responses
        // would then fail with "no raw transformer found for class ...TimeValue".
        Thread thread = Thread.currentThread();
        ClassLoader callerLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedElasticsearch.class.getClassLoader());
        try {
            ProcessWide.configure();
            return startNode(dataDir.toAbsolutePath().normalize(), httpPort);
        } finally {
            thread.setContextClassLoader(callerLoader);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public String httpUri() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) == false) {
            return;
        }
        try {
            stop(node);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to stop embedded Elasticsearch", e);
        }
    }

    private static EmbeddedElasticsearch startNode(Path home, int httpPort) {
        long startedAt = System.nanoTime();
        try {
            Files.createDirectories(home.resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Elasticsearch home " + home, e);
        }
        Settings settings = Settings.builder()
            .put("cluster.name", CLUSTER_NAME)
            .put("node.name", CLUSTER_NAME + "-embedded")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            // No other node will ever join; single-node discovery also skips the production bootstrap checks.
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", Integer.toString(httpPort))
            // Only needed for node-to-node traffic, which a single node never has; a fixed port could clash.
            .put("transport.port", "0")
            // A developer disk is often above the default watermarks, which would leave new shards unassigned.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // The real-memory parent breaker measures the whole JVM heap, most of which belongs to the application, and
            // would reject requests whenever the application happens to be busy.
            .put("indices.breaker.total.use_real_memory", false)
            // A core-only node has no attributes at all, so it omits "attributes" from the nodes-info response, which the
            // Java client treats as a required property.
            .put("node.attr.custody", "embedded")
            .build();
        // An explicit config directory stops Elasticsearch looking for one via system properties or the environment.
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> CLUSTER_NAME);
        Node node = CustodyInProcessNode.create(environment, List.of(Netty4Plugin.class));
        try {
            node.start();
            TimeValue timeout = TimeValue.timeValueSeconds(STARTUP_TIMEOUT_SECONDS);
            ClusterHealthResponse health = node.client()
                .admin()
                .cluster()
                .prepareHealth(timeout)
                .setWaitForYellowStatus()
                .setTimeout(timeout)
                .get();
            if (health.isTimedOut()) {
                throw new IllegalStateException(
                    "embedded Elasticsearch is still " + health.getStatus() + " after " + STARTUP_TIMEOUT_SECONDS + " s"
                );
            }
            int boundPort = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
            EmbeddedElasticsearch started = new EmbeddedElasticsearch(node, boundPort);
            log.info(
                "Embedded Elasticsearch {} started on {} in {} ms, data in {}",
                Build.current().qualifiedVersion(),
                started.httpUri(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt),
                home
            );
            return started;
        } catch (RuntimeException | Error e) {
            stopAfterFailure(node, e);
            throw e;
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException("embedded Elasticsearch failed to start", e);
            stopAfterFailure(node, failure);
            throw failure;
        }
    }

    private static void stop(Node node) throws IOException {
        node.close();
        try {
            // close() only begins the shutdown; waiting makes sure the data directory's lock is released before the
            // caller starts again on it.
            if (node.awaitClose(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS) == false) {
                log.warn("Embedded Elasticsearch did not stop within {} s", CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopAfterFailure(Node node, Throwable failure) {
        try {
            stop(node);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** JVM-wide preparation that the Elasticsearch launcher, which is bypassed here, would normally do. */
    private static final class ProcessWide {

        static {
            // Elasticsearch classes create their loggers in static initialisers through Elasticsearch's own logging facade,
            // which only the launcher wires up; without it the first such class fails with a NullPointerException. The
            // facade writes to the Log4j API, which log4j-to-slf4j (it outranks log4j-core) hands on to Logback.
            LogConfigurator.configureESLogging();
            // Netty accepts its processor count only once per JVM and rejects even an equal value once anything has read
            // it, so Elasticsearch would fail to start if another Netty user in the application (e.g. reactor-netty) came first.
            if (System.getProperty("es.set.netty.runtime.available.processors") == null) {
                System.setProperty("es.set.netty.runtime.available.processors", "false");
            }
            // A jar nested in the fat jar has no file: URL, so Elasticsearch cannot read its own manifest and takes itself
            // for a SNAPSHOT build, which turns on experimental feature flags that cannot be switched off.
            if (Build.current().isSnapshot()) {
                log.warn(
                    "Elasticsearch {} could not read its build manifest and runs with snapshot-only feature flags; "
                        + "package org.elasticsearch:elasticsearch unpacked (spring-boot-maven-plugin <requiresUnpack>)",
                    Build.current().version()
                );
            }
        }

        static void configure() {
            // Triggers the static initialiser exactly once.
        }
    }
}
