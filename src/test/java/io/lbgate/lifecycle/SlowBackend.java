package io.lbgate.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server on a loopback ephemeral port that answers {@code served by <name>}, after
 * {@code ?delay=<ms>} milliseconds when asked; it counts the requests it received.
 */
final class SlowBackend implements AutoCloseable {
    private final DisposableServer server;
    private final AtomicInteger received = new AtomicInteger();

    SlowBackend(String name) {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    received.incrementAndGet();
                    long delay = delayOf(req.uri());
                    return res.sendString(Mono.delay(Duration.ofMillis(delay)).map(x -> "served by " + name + "\n"));
                })
                .bindNow();
    }

    private static long delayOf(String uri) {
        int at = uri.indexOf("delay=");
        if (at < 0) {
            return 0;
        }
        String digits = uri.substring(at + "delay=".length()).replaceAll("\\D.*", "");
        return Long.parseLong(digits);
    }

    int port() {
        return server.port();
    }

    int received() {
        return received.get();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
