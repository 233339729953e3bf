package io.lbgate.proxy;

import io.lbgate.support.FreePorts;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code option tcpka}, {@code clitcpka}, {@code srvtcpka}: the proxy's sockets on that side carry
 * SO_KEEPALIVE, seen from outside in {@code /proc/net/tcp} (timer 2, the keep-alive timer, on an
 * idle established socket; 0 without it).
 */
class TcpKeepAliveIntegrationTest {
    @TempDir
    static Path dir;

    private static DisposableServer origin;
    private static TestGateway gateway;
    private static int withKeepAlive;
    private static int without;
    private static int tcpWithKeepAlive;

    @BeforeAll
    static void start() throws IOException {
        // Answers with the port of the connection the proxy opened to it.
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.sendString(Mono.just(String.valueOf(req.remoteAddress().getPort()))))
                .bindNow();
        withKeepAlive = FreePorts.next();
        without = FreePorts.next();
        tcpWithKeepAlive = FreePorts.next();
        gateway = TestGateway.start(dir, """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                frontend ka
                    bind 127.0.0.1:%1$d
                    option tcpka
                    default_backend kanodes
                backend kanodes
                    option tcpka
                    server o 127.0.0.1:%4$d
                frontend plain
                    bind 127.0.0.1:%2$d
                    default_backend plainnodes
                backend plainnodes
                    server o 127.0.0.1:%4$d
                frontend tcpka
                    mode tcp
                    bind 127.0.0.1:%3$d
                    option clitcpka
                    default_backend tcpnodes
                backend tcpnodes
                    mode tcp
                    option srvtcpka
                    server o 127.0.0.1:%4$d
                """.formatted(withKeepAlive, without, tcpWithKeepAlive, origin.port()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        origin.disposeNow();
    }

    /** The keep-alive timer of a socket with SO_KEEPALIVE; none (0) without it. */
    private static final int KEEP_ALIVE = 2;
    private static final int NONE = 0;

    @Test
    void httpModeSetsKeepAliveOnBothSidesOnlyWhenAsked() throws IOException {
        assumeThat(Path.of("/proc/net/tcp")).exists();
        assertProxySocketTimers(withKeepAlive, KEEP_ALIVE);
        assertProxySocketTimers(without, NONE);
    }

    @Test
    void tcpModeSetsKeepAliveOnBothSides() throws IOException {
        assumeThat(Path.of("/proc/net/tcp")).exists();
        assertProxySocketTimers(tcpWithKeepAlive, KEEP_ALIVE);
    }

    /** One request through {@code frontendPort}; then the timers of the proxy's two sockets of it. */
    private static void assertProxySocketTimers(int frontendPort, int expected) throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), frontendPort)) {
            int serverSidePort = Integer.parseInt(get(client));
            assertThat(timer(frontendPort, client.getLocalPort())).as("proxy's client socket").isEqualTo(expected);
            assertThat(timer(serverSidePort, origin.port())).as("proxy's server socket").isEqualTo(expected);
        }
    }

    /** One keep-alive request; the body. */
    private static String get(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("response head").isNotNegative();
            head.append((char) b);
        }
        String lengthLine = head.toString().lines()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:")).findFirst().orElseThrow();
        int length = Integer.parseInt(lengthLine.substring(lengthLine.indexOf(':') + 1).trim());
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    /** The {@code tr} field of the socket with these local and remote ports (IPv4 or IPv6 table). */
    private static int timer(int localPort, int remotePort) throws IOException {
        String local = String.format(":%04X ", localPort);
        String remote = String.format(":%04X ", remotePort);
        List<String> matches;
        try (Stream<String> v4 = Files.lines(Path.of("/proc/net/tcp"));
                Stream<String> v6 = Files.exists(Path.of("/proc/net/tcp6")) ? Files.lines(Path.of("/proc/net/tcp6")) : Stream.empty()) {
            matches = Stream.concat(v4, v6).map(String::trim).map(l -> l + " ")
                    .filter(l -> {
                        String[] f = l.split("\\s+");
                        return f.length > 5 && (f[1] + " ").endsWith(local) && (f[2] + " ").endsWith(remote);
                    }).toList();
        }
        assertThat(matches).as("the socket %d -> %d", localPort, remotePort).hasSize(1);
        String tr = matches.get(0).split("\\s+")[5];
        return Integer.parseInt(tr.substring(0, tr.indexOf(':')), 16);
    }
}
