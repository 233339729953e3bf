package io.lbgate.proxy.tcp;

import io.lbgate.support.SyslogReceiver;
import io.lbgate.support.TestGateway;
import io.lbgate.support.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code mode tcp} end to end on loopback: the gateway started from a haproxy.cfg in front of
 * real servers, a syslog listener receiving its tcplog lines.
 */
class TcpProxyIntegrationTest {
    @TempDir
    static Path dir;

    private static SyslogReceiver syslog;
    private static ServerSocket echo;
    private static ServerSocket capture;
    private static ServerSocket reset;
    private static final BlockingQueue<String> captured = new LinkedBlockingQueue<>();
    private static int deadPort;
    private static TestGateway gateway;
    private static int pipe, v1, v2, acceptProxy, redispatch, noRedispatch, limited, idle, rst;

    @BeforeAll
    static void start() throws IOException {
        syslog = new SyslogReceiver();
        echo = Servers.start(Servers::echo);
        capture = Servers.start(Servers.capture(captured));
        reset = Servers.start(s -> {
            try {
                s.getInputStream().read();
                s.setSoLinger(true, 0); // close with RST
            } catch (IOException e) {
                // nothing
            }
        });
        deadPort = FreePorts.next();
        pipe = FreePorts.next();
        v1 = FreePorts.next();
        v2 = FreePorts.next();
        acceptProxy = FreePorts.next();
        redispatch = FreePorts.next();
        noRedispatch = FreePorts.next();
        limited = FreePorts.next();
        idle = FreePorts.next();
        rst = FreePorts.next();
        gateway = TestGateway.start(dir, """
                global
                    log 127.0.0.1:%d local0
                defaults
                    mode tcp
                    log global
                    option tcplog
                    timeout connect 200ms
                    timeout client 10s
                    timeout server 10s
                listen pipe
                    bind 127.0.0.1:%d
                    server echo 127.0.0.1:%d
                listen v1
                    bind 127.0.0.1:%d
                    server cap 127.0.0.1:%d send-proxy
                listen v2
                    bind 127.0.0.1:%d
                    server cap 127.0.0.1:%d send-proxy-v2
                listen accpp
                    bind 127.0.0.1:%d accept-proxy
                    server cap 127.0.0.1:%d send-proxy
                listen redisp
                    bind 127.0.0.1:%d
                    retries 2
                    option redispatch
                    server dead 127.0.0.1:%d
                    server ok 127.0.0.1:%d
                listen noredisp
                    bind 127.0.0.1:%d
                    retries 2
                    server dead 127.0.0.1:%d
                listen limited
                    bind 127.0.0.1:%d
                    maxconn 1
                    server echo 127.0.0.1:%d
                listen idle
                    bind 127.0.0.1:%d
                    timeout client 300ms
                    timeout server 5s
                    server echo 127.0.0.1:%d
                listen rst
                    bind 127.0.0.1:%d
                    server r 127.0.0.1:%d
                """.formatted(syslog.port(), pipe, echo.getLocalPort(), v1, capture.getLocalPort(), v2,
                capture.getLocalPort(), acceptProxy, capture.getLocalPort(), redispatch, deadPort,
                echo.getLocalPort(), noRedispatch, deadPort, limited, echo.getLocalPort(), idle,
                echo.getLocalPort(), rst, reset.getLocalPort()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        syslog.close();
        echo.close();
        capture.close();
        reset.close();
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(20_000);
        return s;
    }

    private static String exchange(int port, String send) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(send.getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void bytesPassUnchangedBothWaysToASlowReaderWithHalfClose() throws Exception {
        long total = 128L << 20;
        try (Socket s = connect(pipe)) {
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    Random random = new Random(42);
                    byte[] chunk = new byte[64 * 1024];
                    for (long n = 0; n < total; n += chunk.length) {
                        random.nextBytes(chunk);
                        sent.update(chunk);
                        out.write(chunk);
                    }
                    s.shutdownOutput(); // half-close: the echo server still answers after this
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            long count = 0;
            long reads = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                received.update(buf, 0, n);
                count += n;
                if (++reads % 2048 == 0) {
                    Thread.sleep(1); // a slow reader: the writer must be held back, not buffered
                }
            }
            writer.get(60, TimeUnit.SECONDS);
            assertThat(count).isEqualTo(total);
            assertThat(received.digest()).isEqualTo(sent.digest());
        }
        String line = syslog.next(" pipe pipe/echo ");
        assertThat(line).matches("<134>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d haproxy\\[\\d+\\]: 127\\.0\\.0\\.1:\\d+ "
                + "\\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] pipe pipe/echo \\d+/\\d+/\\d+ " + total
                + " -- \\d+/\\d+/0/0/0 0/0\n");
    }

    @Test
    void sendProxyV1IsHaproxysLine() throws Exception {
        try (Socket s = connect(v1)) {
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ok\n");
            assertThat(captured.poll(5, TimeUnit.SECONDS))
                    .isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 " + s.getLocalPort() + " " + v1 + "\r\nhello\n");
        }
    }

    @Test
    void sendProxyV2IsHaproxysBytes() throws Exception {
        try (Socket s = connect(v2)) {
            s.shutdownOutput();
            s.getInputStream().readAllBytes();
            byte[] header = captured.poll(5, TimeUnit.SECONDS).getBytes(StandardCharsets.ISO_8859_1);
            String hex = io.netty.buffer.ByteBufUtil.hexDump(header);
            assertThat(hex).isEqualTo("0d0a0d0a000d0a515549540a2111000c7f0000017f000001"
                    + "%04x%04x".formatted(s.getLocalPort(), v2));
        }
    }

    @Test
    void acceptProxyMakesTheHeaderSourceTheClientEverywhere() throws Exception {
        assertThat(exchange(acceptProxy, "PROXY TCP4 192.0.2.10 198.51.100.1 40000 443\r\ndata")).isEqualTo("ok\n");
        assertThat(captured.poll(5, TimeUnit.SECONDS))
                .isEqualTo("PROXY TCP4 192.0.2.10 198.51.100.1 40000 443\r\ndata");
        assertThat(syslog.next(" accpp accpp/cap ")).contains("haproxy[").contains(": 192.0.2.10:40000 [");
    }

    @Test
    void acceptProxyClosesAConnectionWithoutHeader() throws Exception {
        assertThat(exchange(acceptProxy, "GET / HTTP/1.0\r\n\r\n")).isEmpty();
        assertThat(syslog.next("does not look like a PROXY protocol header")).contains(" accpp/127.0.0.1:" + acceptProxy);
        assertThat(captured.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void redispatchMovesAFailedConnectionToAnotherServer() throws Exception {
        for (int i = 0; i < 2; i++) { // roundrobin: one of the two goes to the dead server first
            assertThat(exchange(redispatch, "x")).isEqualTo("x");
        }
        assertThat(syslog.next(" redisp redisp/ok ") + syslog.next(" redisp redisp/ok ")).contains("/+1 0/0");
        var backend = gateway.registry().backend("redisp").orElseThrow();
        // as HAProxy 2.6: each refused attempt moved at once to the other server (a redispatch, no
        // retry), and no connection error is counted since no stream gave up
        assertThat(backend.counters().redispatches()).isPositive();
        assertThat(backend.counters().connectionErrors()).isZero();
        assertThat(backend.counters().retries()).isZero();
    }

    @Test
    void withoutRedispatchRetriesStayOnTheServerWithATurnAroundPause() throws Exception {
        long start = System.nanoTime();
        assertThat(exchange(noRedispatch, "x")).isEmpty();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isGreaterThanOrEqualTo(400); // 2 retries × min(connect 200ms, 1s)
        assertThat(syslog.next(" noredisp noredisp/dead ")).matches("(?s).* \\d+/-1/\\d+ 0 SC \\d+/\\d+/0/0/2 0/0\n");
        var backend = gateway.registry().backend("noredisp").orElseThrow();
        assertThat(backend.counters().retries()).isEqualTo(2);
        // HAProxy 2.6 counts econ once, when the stream gives up, not once per attempt
        assertThat(backend.counters().connectionErrors()).isEqualTo(1);
    }

    @Test
    void beyondFrontendMaxconnNewConnectionsWaitInsteadOfBeingRefused() throws Exception {
        try (Socket first = connect(limited)) {
            first.getOutputStream().write('a');
            assertThat(first.getInputStream().read()).isEqualTo('a');
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return exchange(limited, "b");
                } catch (IOException e) {
                    return "error " + e;
                }
            });
            // held, not refused: the second session stays pending for as long as the first is open
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
            first.shutdownOutput();
            assertThat(first.getInputStream().read()).isEqualTo(-1);
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("b");
        }
    }

    @Test
    void clientInactivityTimeoutClosesTheSession() throws Exception {
        try (Socket s = connect(idle)) {
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 3000L);
        }
        assertThat(syslog.next(" idle idle/echo ")).contains(" cD ");
    }

    @Test
    void aServerResetResetsTheClient() throws Exception {
        try (Socket s = connect(rst)) {
            s.getOutputStream().write('x');
            assertThatThrownBy(() -> {
                int b = s.getInputStream().read();
                throw new AssertionError("read " + b + " instead of a reset");
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
        assertThat(syslog.next(" rst rst/r ")).contains(" SD ");
    }
}
