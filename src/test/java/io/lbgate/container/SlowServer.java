package io.lbgate.container;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A server on loopback whose {@code /slow} answers only when the test says so, to hold a request
 * in flight through the gateway for as long as the test needs; every other path answers at once.
 */
final class SlowServer implements AutoCloseable {
    static final String BODY = "finished after the stop began\n";

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch received = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private SlowServer(HttpServer server) {
        this.server = server;
    }

    static SlowServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        SlowServer slow = new SlowServer(server);
        server.createContext("/", slow::handle);
        server.setExecutor(slow.handlers);
        server.start();
        return slow;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Whether a {@code /slow} request arrived within {@code limit}. */
    boolean awaitRequest(Duration limit) throws InterruptedException {
        return received.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the {@code /slow} request be answered. */
    void answer() {
        release.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = "ok\n";
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                received.countDown();
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        exchange.sendResponseHeaders(500, -1);
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                body = BODY;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
