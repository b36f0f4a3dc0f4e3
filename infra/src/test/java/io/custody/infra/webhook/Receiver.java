package io.custody.infra.webhook;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on a real HTTP server (the JDK's): it records every request it gets, answers with a
 * status, or hangs until released.
 */
final class Receiver implements AutoCloseable {

    /** One request as received: its headers (first value each, lower-case names) and its exact body bytes. */
    record Request(Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();
    private volatile int status = 204;
    private volatile boolean hang;

    private Receiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            requests.add(new Request(headers, body));
            if (hang) {
                hanging.incrementAndGet();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                hanging.decrementAndGet();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    static Receiver start() {
        return new Receiver(0);
    }

    /** A receiver on a port that was free a moment ago: one that was "down" comes up there. */
    static Receiver startOn(int port) {
        return new Receiver(port);
    }

    /** A port nothing listens on: connections to it are refused. */
    static int downPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port + "/hooks/custody";
    }

    String url() {
        return url(server.getAddress().getPort());
    }

    Receiver answering(int status) {
        this.status = status;
        return this;
    }

    /** Every request from now on is held, unanswered, until {@link #close}. */
    Receiver hanging() {
        this.hang = true;
        return this;
    }

    /** How many requests are being held unanswered right now. */
    int held() {
        return hanging.get();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
