package io.custody.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Custody server in its own JVM, on a fresh data directory, with known ports. */
final class ServerProcess implements AutoCloseable {

    final int httpPort;
    final int postgresPort;
    final Path dataDir;
    private final Process process;
    /** The bootstrap admin token the server printed; null with authentication off. */
    private String bootstrapToken;

    private ServerProcess(int httpPort, int postgresPort, Path dataDir, Process process) {
        this.httpPort = httpPort;
        this.postgresPort = postgresPort;
        this.dataDir = dataDir;
        this.process = process;
    }

    private static final Pattern BOOTSTRAP_LINE = Pattern.compile("Bootstrap admin token: (cst_\\S+)");

    static ServerProcess start(Path jar, String... extraArgs) throws IOException, InterruptedException {
        return start(jar, Files.createTempDirectory("custody-bench").resolve("custody-data"), extraArgs);
    }

    /** A server on an existing data directory (e.g. the one a stopped server left), or a new one. */
    static ServerProcess start(Path jar, Path dataDir, String... extraArgs) throws IOException, InterruptedException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: run `mvn -B -q package -DskipTests` first");
        }
        int http = freePort();
        int pg = freePort();
        List<String> command = new ArrayList<>(List.of("java"));
        // e.g. -Dcustody.server.jvm-args=-XX:StartFlightRecording=filename=/tmp/server.jfr to profile the server
        String jvmArgs = System.getProperty("custody.server.jvm-args", "");
        if (!jvmArgs.isBlank()) {
            command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + http,
                "--custody.data-dir=" + dataDir, "--custody.embedded.postgres-port=" + pg));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.getParent().resolve("server.log").toFile()))
                .start();
        ServerProcess server = new ServerProcess(http, pg, dataDir, process);
        long t0 = System.nanoTime();
        HttpClient client = HttpClient.newHttpClient();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited; see " + dataDir.getParent().resolve("server.log"));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri("/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        if (!List.of(extraArgs).contains("--custody.security.enabled=false")) {
            server.bootstrapToken = lastBootstrapToken(dataDir.getParent().resolve("server.log"));
        }
        System.err.printf("server up on :%d in %d ms (data %s)%n", http, (System.nanoTime() - t0) / 1_000_000, dataDir);
        return server;
    }

    /**
     * The newest bootstrap token in the log: the server prints one on its first start (before it is
     * ready), and a server restarted on the same data directory keeps using it.
     */
    private static String lastBootstrapToken(Path log) throws IOException {
        Matcher line = BOOTSTRAP_LINE.matcher(Files.readString(log));
        String token = null;
        while (line.find()) {
            token = line.group(1);
        }
        if (token == null) {
            throw new IllegalStateException("no 'Bootstrap admin token:' line in " + log);
        }
        return token;
    }

    /** The bootstrap admin token; null with authentication off. */
    String bootstrapToken() {
        return bootstrapToken;
    }

    /** CPU time the server JVM has used so far (all its threads), in milliseconds. */
    long cpuMillis() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /**
     * CPU time the server's embedded PostgreSQL has used so far, in milliseconds: its postmaster and live
     * backends, and the backends that have ended (counted in the postmaster's children's time). With other
     * work on the machine, the server's own cost is this plus {@link #cpuMillis()}; -1 if it cannot be read.
     */
    long postgresCpuMillis() {
        try {
            Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
            long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            long ticks = ticks(postmaster);
            for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
                ticks += ticks(child.pid());
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User and system time of a process and of its children that ended, in clock ticks (0 once it is gone). */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name (which may hold spaces): state is field 3, utime 14 .. cstime 17.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time this bench process has used so far, in milliseconds: the client's share of the machine. */
    static long ownCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /**
     * CPU time the whole machine has spent busy (user, nice, system, irq, softirq) so far, in milliseconds:
     * the server, its embedded PostgreSQL and Elasticsearch, this bench process and anything else running.
     */
    static long machineBusyMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort + "/postgres?user=postgres";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** Removes the data directory of a stopped server: a history of tens of millions of events fills a disk. */
    void deleteData() throws IOException {
        try (var paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
