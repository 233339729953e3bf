package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real origin server on a loopback port for HTTP-mode tests: echoes bodies and headers, streams
 * large answers, stalls, and echoes WebSocket frames.
 */
final class TestOrigin implements AutoCloseable {
    private final DisposableServer server;
    private final String name;
    private final AtomicInteger openConnections = new AtomicInteger();

    private TestOrigin(String name) {
        this.name = name;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnConnection(connection -> {
                    openConnections.incrementAndGet();
                    connection.onDispose(openConnections::decrementAndGet);
                })
                .route(routes -> routes
                        .get("/name", (req, res) -> res.sendString(Mono.just(name)))
                        .get("/capitalised", (req, res) -> res.header("X-Upper-Case", "Yes")
                                .header("Content-Type", "text/plain").sendString(Mono.just(name)))
                        .get("/headers", (req, res) -> {
                            StringBuilder body = new StringBuilder();
                            for (Map.Entry<String, String> h : req.requestHeaders()) {
                                body.append(h.getKey().toLowerCase()).append(": ").append(h.getValue()).append('\n');
                            }
                            return res.sendString(Mono.just(body.toString()));
                        })
                        .get("/peer", (req, res) -> res.sendString(Mono.just(
                                String.valueOf(req.remoteAddress().getPort()))))
                        .get("/header-names", (req, res) -> res.sendString(Mono.just(
                                String.join("\n", req.requestHeaders().names()))))
                        .post("/sha256", (req, res) -> req.receive().aggregate().asByteArray()
                                .defaultIfEmpty(new byte[0])
                                .flatMap(bytes -> res.sendString(Mono.just(sha256(bytes) + " " + bytes.length)).then()))
                        .post("/count", (req, res) -> req.receive()
                                .map(ByteBuf::readableBytes).reduce(0L, (a, b) -> a + b)
                                .flatMap(n -> res.sendString(Mono.just(Long.toString(n))).then()))
                        .get("/stream/{mib}", (req, res) -> {
                            int mib = Integer.parseInt(req.param("mib"));
                            byte[] chunk = new byte[64 * 1024];
                            for (int i = 0; i < chunk.length; i++) {
                                chunk[i] = (byte) i;
                            }
                            return res.header(HttpHeaderNames.CONTENT_LENGTH, Long.toString(mib * 1024L * 1024L))
                                    .sendByteArray(Flux.range(0, mib * 16).map(i -> chunk));
                        })
                        .get("/hold/{ms}", (req, res) -> res.sendString(
                                Mono.delay(Duration.ofMillis(Long.parseLong(req.param("ms")))).map(x -> name)))
                        .get("/slow", (req, res) -> res.sendString(Mono.delay(Duration.ofSeconds(5)).map(x -> "late")))
                        .get("/ws", (req, res) -> res.sendWebsocket((in, out) -> Mono.when(
                                out.sendObject(in.receiveFrames()
                                        .filter(frame -> frame instanceof TextWebSocketFrame)
                                        .map(WebSocketFrame::retain)).then(),
                                // Answer a close with the same code and reason, as RFC 6455 asks.
                                in.receiveCloseStatus().flatMap(status -> out.sendClose(status.code(), status.reasonText())))))
                        .get("/", (req, res) -> res.sendString(Mono.just(name))))
                .bindNow();
    }

    static TestOrigin start(String name) {
        return new TestOrigin(name);
    }

    int port() {
        return server.port();
    }

    String name() {
        return name;
    }

    /** Connections to this origin that are open now. */
    int openConnections() {
        return openConnections.get();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> parseHeaders(String body) {
        Map<String, String> headers = new TreeMap<>();
        body.lines().forEach(l -> headers.merge(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 2),
                (a, b) -> a + "|" + b));
        return headers;
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
