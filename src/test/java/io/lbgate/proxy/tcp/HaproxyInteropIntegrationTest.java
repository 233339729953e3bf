package io.lbgate.proxy.tcp;

import io.lbgate.support.SyslogReceiver;
import io.lbgate.support.SystemPackage;
import io.lbgate.support.TestGateway;
import io.lbgate.support.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real PROXY-protocol server behind lbgate: HAProxy 2.6 itself with {@code accept-proxy} binds
 * logs (tcplog, to our syslog listener) the true client address and port, for {@code send-proxy}
 * and {@code send-proxy-v2}. Skipped when no haproxy binary is installed.
 */
class HaproxyInteropIntegrationTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    static Path dir;

    private static SyslogReceiver syslog;
    private static ServerSocket echo;
    private static Process haproxy;
    private static TestGateway gateway;
    private static int viaV1;
    private static int viaV2;

    @BeforeAll
    static void start() throws Exception {
        SystemPackage.require(HAPROXY.toString(), "haproxy");
        syslog = new SyslogReceiver();
        echo = Servers.start(Servers::echo);
        int innerV1 = FreePorts.next();
        int innerV2 = FreePorts.next();
        Path cfg = dir.resolve("inner.cfg");
        Files.writeString(cfg, """
                global
                    log 127.0.0.1:%d local0
                defaults
                    mode tcp
                    log global
                    option tcplog
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend inner_v1
                    bind 127.0.0.1:%d accept-proxy
                    default_backend app
                frontend inner_v2
                    bind 127.0.0.1:%d accept-proxy
                    default_backend app
                backend app
                    server echo 127.0.0.1:%d
                """.formatted(syslog.port(), innerV1, innerV2, echo.getLocalPort()));
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.out").toFile()).start();
        waitForPort(innerV1);
        viaV1 = FreePorts.next();
        viaV2 = FreePorts.next();
        gateway = TestGateway.start(dir, """
                defaults
                    mode tcp
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                listen outer_v1
                    bind 127.0.0.1:%d
                    server inner 127.0.0.1:%d send-proxy
                listen outer_v2
                    bind 127.0.0.1:%d
                    server inner 127.0.0.1:%d send-proxy-v2
                """.formatted(viaV1, innerV1, viaV2, innerV2));
    }

    private static void waitForPort(int port) {
        await("haproxy listening on " + port).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        return true;
                    }
                });
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (haproxy != null) {
            haproxy.destroy(); // only the process this test started
            haproxy.waitFor(5, TimeUnit.SECONDS);
        }
        if (syslog != null) {
            syslog.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    private static int exchange(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            return s.getLocalPort();
        }
    }

    @Test
    void haproxyBehindSendProxyLogsTheTrueClient() throws Exception {
        int clientPort = exchange(viaV1);
        assertThat(syslog.next(" inner_v1 app/echo ")).contains("haproxy[").contains(": 127.0.0.1:" + clientPort + " [");
    }

    @Test
    void haproxyBehindSendProxyV2LogsTheTrueClient() throws Exception {
        int clientPort = exchange(viaV2);
        assertThat(syslog.next(" inner_v2 app/echo ")).contains(": 127.0.0.1:" + clientPort + " [");
    }
}
