package io.lbgate.demo;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;

/**
 * One embedded demo database node: a small HTTP server that names itself in every answer, so that
 * a user of the default run sees the balancing happen.
 */
final class DemoNode {
    private final String name;
    private final String host;
    private final int port;
    private DisposableServer server;

    DemoNode(String name, String host, int port) {
        this.name = name;
        this.host = host;
        this.port = port;
    }

    void start() {
        byte[] hello = ("Hello from " + name + " (" + host + ":" + port + ")\n").getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create()
                .host(host)
                .port(port)
                .route(routes -> routes
                        .get("/health", (req, res) -> res.sendString(Mono.just("OK\n")))
                        .route(req -> true, (req, res) -> res
                                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                                .header("X-Served-By", name)
                                .sendByteArray(Mono.just(hello))))
                .bindNow();
    }

    void stop() {
        if (server != null) {
            server.disposeNow();
            server = null;
        }
    }

    String describe() {
        return name + "@" + host + ":" + port;
    }
}
