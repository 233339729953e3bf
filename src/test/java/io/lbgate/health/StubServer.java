package io.lbgate.health;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.netty.channel.Channel;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * A server to be checked, on a loopback port: records every connection (when, from where, the
 * bytes received) and answers an HTTP head with a fixed response after a delay, or never.
 */
final class StubServer implements AutoCloseable {
    /** One accepted connection. */
    static final class Conn {
        final long acceptedNanos = System.nanoTime();
        final InetSocketAddress remote;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Conn(InetSocketAddress remote) {
            this.remote = remote;
        }

        synchronized void append(byte[] b) {
            bytes.write(b, 0, b.length);
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        String text() {
            return new String(bytes(), StandardCharsets.ISO_8859_1);
        }

        boolean headComplete() {
            return text().contains("\r\n\r\n");
        }
    }

    final List<Conn> connections = new CopyOnWriteArrayList<>();
    private final Map<Channel, Conn> byChannel = new ConcurrentHashMap<>();
    private final String response;
    private final Duration delay;
    private DisposableServer server;

    private StubServer(String response, Duration delay) {
        this.response = response;
        this.delay = delay;
    }

    /** Accepts and reads, never answers. */
    static StubServer silent() {
        return new StubServer(null, Duration.ZERO).listen(0);
    }

    /** Answers each request head with {@code response}, then closes. */
    static StubServer answering(String response) {
        return answering(response, Duration.ZERO);
    }

    static StubServer answering(String response, Duration delay) {
        return new StubServer(response, delay).listen(0);
    }

    StubServer listen(int port) {
        server = TcpServer.create()
                .host("127.0.0.1")
                .port(port)
                // Recorded on accept, not in the handler: a check closing with RST at once may be
                // gone before the handler runs.
                .doOnConnection(c -> {
                    Conn conn = new Conn((InetSocketAddress) c.channel().remoteAddress());
                    byChannel.put(c.channel(), conn);
                    connections.add(conn);
                })
                .handle((in, out) -> {
                    Channel[] channel = new Channel[1];
                    in.withConnection(c -> channel[0] = c.channel());
                    Conn conn = byChannel.remove(channel[0]);
                    if (response == null) {
                        return in.receive().asByteArray().doOnNext(conn::append).then();
                    }
                    return in.receive().asByteArray().doOnNext(conn::append)
                            .filter(b -> conn.headComplete()).next()
                            .flatMap(b -> out.sendString(Mono.just(response).delayElement(delay)).then());
                })
                .bindNow();
        return this;
    }

    int port() {
        return server.port();
    }

    /** Closes the listener and its connections; {@link #listen} may bind the same port again. */
    void stop() {
        if (server != null) {
            server.disposeNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
