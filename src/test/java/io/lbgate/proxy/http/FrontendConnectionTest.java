package io.lbgate.proxy.http;

import io.lbgate.balance.Balancers;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.proxy.AcceptGate;
import io.lbgate.proxy.ConnectionLimit;
import io.lbgate.proxy.backend.BackendQueue;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Registry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client side of an HTTP connection on Netty's {@link EmbeddedChannel}: each test feeds bytes
 * and reads what the connection answers, through the real codec, with no sockets. These are the
 * transitions that need no server connection: admission, refusals, pipelining, timeouts.
 */
class FrontendConnectionTest {
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(16 * 1024);

    @TempDir
    Path dir;
    private EmbeddedChannel channel;
    private Registry registry;

    private EmbeddedChannel connect(String backendLines) throws IOException {
        return connect(backendLines, new RequestDecoderPool(DECODER));
    }

    private EmbeddedChannel connect(String backendLines, RequestDecoderPool decoders) throws IOException {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                defaults
                    mode http
                    timeout http-request 100ms
                    timeout http-keep-alive 100ms
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:1
                    default_backend be
                backend be
                """ + backendLines);
        registry = Registry.from(HaproxyConfigReader.read(List.of(cfg)).config(), Balancers::create);
        Backend backend = registry.backend("be").orElseThrow();
        HttpProxySettings settings = HttpProxySettings.of(registry.frontend("fe").orElseThrow(), backend, null,
                () -> 0L, new BackendQueue(backend));
        FrontendConnection connection = new FrontendConnection(settings,
                new ServerEndpoints(backend, NioSocketChannel.class),
                new AcceptGate(new ConnectionLimit(0), new ConnectionLimit(0)));
        channel = new EmbeddedChannel(new ProxyServerCodec(decoders, connection), connection);
        channel.runPendingTasks(); // admission hops onto the loop
        return channel;
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private String send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        return answers();
    }

    private String answers() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void noUsableServerAnswers503AndKeepsTheConnection() throws IOException {
        connect("    server s1 127.0.0.1:1 disabled\n");
        String answer = send("GET / HTTP/1.1\r\nhost: x\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n").doesNotContain("connection: close");
        assertThat(channel.isOpen()).isTrue();
        assertThat(registry.backend("be").orElseThrow().counters().currentSessions()).isZero();
        assertThat(registry.frontend("fe").orElseThrow().counters().currentSessions()).isZero();
    }

    @Test
    void requestsReadInPiecesOnConnectionsSharingTheDecoderPoolAreEachAnsweredWholeAndCounted() throws IOException {
        RequestDecoderPool decoders = new RequestDecoderPool(DECODER);
        EmbeddedChannel first = connect("    server s1 127.0.0.1:1 disabled\n", decoders);
        Registry firstRegistry = registry;
        assertThat(send("GET /a HTTP/1.1\r\nhos")).isEmpty(); // holds a decoder, mid-header
        EmbeddedChannel second = connect("    server s1 127.0.0.1:1 disabled\n", decoders);
        assertThat(send("GET /b HTTP/1.1\r\nhost: x\r\n\r\n")).startsWith("HTTP/1.1 503 ");
        String head = "HEAD /c HTTP/1.1\r\nhost: x\r\n\r\n";
        String headAnswer = send(head); // the decoder the first request gave back
        assertThat(headAnswer).startsWith("HTTP/1.1 503 ").endsWith("\r\n\r\n");
        long secondBytesIn = registry.frontend("fe").orElseThrow().counters().bytesIn();
        second.finishAndReleaseAll();

        channel = first;
        String answer = send("t: x\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 503 ").contains("<h1>503 Service Unavailable</h1>");
        assertThat(first.isOpen()).isTrue();
        assertThat(secondBytesIn).isEqualTo(("GET /b HTTP/1.1\r\nhost: x\r\n\r\n" + head).length());
        assertThat(firstRegistry.frontend("fe").orElseThrow().counters().bytesIn())
                .isEqualTo("GET /a HTTP/1.1\r\nhost: x\r\n\r\n".length());
        assertThat(firstRegistry.frontend("fe").orElseThrow().counters().bytesOut()).isEqualTo(answer.length());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        connect("    server s1 127.0.0.1:1 disabled\n");
        String answer = send("GET /a HTTP/1.1\r\nhost: x\r\n\r\nGET /b HTTP/1.1\r\nhost: x\r\n\r\n");
        assertThat(answer.split("HTTP/1.1 503 ", -1)).hasSize(3);
        assertThat(registry.frontend("fe").orElseThrow().counters().requests()).isEqualTo(2);
    }

    @Test
    void aMalformedRequestLineGets400AndTheConnectionCloses() throws IOException {
        connect("    server s1 127.0.0.1:1\n");
        String answer = send("NOT HTTP AT ALL\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 Bad request\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(registry.frontend("fe").orElseThrow().counters().requestErrors()).isEqualTo(1);
    }

    @Test
    void contentLengthWithTransferEncodingNeverReachesTheBackend() throws IOException {
        connect("    server s1 127.0.0.1:1\n");
        String answer = send("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n"
                + "0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(registry.backend("be").orElseThrow().counters().totalSessions()).isZero();
    }

    @Test
    void aConnectionThatSendsNothingGets408AtTimeoutHttpRequest() throws IOException {
        connect("    server s1 127.0.0.1:1\n");
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            channel.runScheduledPendingTasks();
            return !channel.isOpen();
        });
        assertThat(answers()).startsWith("HTTP/1.1 408 Request Time-out\r\n");
    }

    @Test
    void anIdleKeptAliveConnectionClosesQuietly() throws IOException {
        connect("    server s1 127.0.0.1:1 disabled\n");
        assertThat(send("GET / HTTP/1.1\r\nhost: x\r\n\r\n")).startsWith("HTTP/1.1 503 ");
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            channel.runScheduledPendingTasks();
            return !channel.isOpen();
        });
        assertThat(answers()).isEmpty();
    }

    @Test
    void aServerPutInMaintMidConnectionIsNotPicked() throws IOException {
        connect("    server s1 127.0.0.1:1\n");
        registry.setAdminState(registry.server("be", "s1").orElseThrow(), AdminState.MAINT, "test");
        assertThat(send("GET / HTTP/1.1\r\nhost: x\r\n\r\n")).startsWith("HTTP/1.1 503 ");
        assertThat(registry.server("be", "s1").orElseThrow().counters().totalSessions()).isZero();
    }
}
