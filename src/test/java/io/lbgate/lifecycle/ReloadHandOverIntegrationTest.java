package io.lbgate.lifecycle;

import io.lbgate.config.ReloadResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.lbgate.cli.Launcher;
import io.lbgate.support.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Reloader} in-process: the listening socket is handed over, and a reload's old sessions end at hard-stop-after. */
class ReloadHandOverIntegrationTest {
    @TempDir
    Path dir;

    private static String http(int port, NamedHttpServers nodes, int node) {
        return """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server n%d 127.0.0.1:%d
                """.formatted(port, node, nodes.port(node));
    }

    @Test
    void noConnectionIsRefusedWhileReloadsHandTheSocketOver() throws Exception {
        int port = FreePorts.next();
        Path cfg = dir.resolve("haproxy.cfg");
        try (NamedHttpServers nodes = NamedHttpServers.start("n0", "n1")) {
            Files.writeString(cfg, http(port, nodes, 0));
            try (Gateway gateway = Gateway.on(cfg)) {
                Reloader reloader = gateway.reloader();
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger served = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                Thread client = new Thread(() -> {
                    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (running.get() && System.nanoTime() < end) {
                        if (oneRequest(port)) {
                            served.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                });
                client.start();
                for (int i = 1; i <= 30; i++) {
                    Files.writeString(cfg, http(port, nodes, i % 2));
                    assertThat(reloader.reload("test").applied()).isTrue();
                    int before = served.get();
                    await().atMost(Duration.ofSeconds(10)).until(() -> served.get() > before || failed.get() > 0);
                }
                running.set(false);
                client.join();

                assertThat(failed.get()).as("requests refused or cut across 30 reloads").isZero();
                assertThat(served.get()).isGreaterThanOrEqualTo(30);
            }
        }
    }

    @Test
    void aSessionOfTheReplacedConfigurationEndsAtHardStopAfter() throws Exception {
        int port = FreePorts.next();
        Path cfg = dir.resolve("haproxy.cfg");
        try (EchoServer echo = new EchoServer()) {
            String tcp = """
                    global
                        hard-stop-after 1s
                    defaults
                        mode tcp
                        timeout connect 2s
                        timeout client 30s
                        timeout server 30s
                    frontend raw
                        bind 127.0.0.1:%d
                        default_backend echo
                    backend echo
                        server e1 127.0.0.1:%d
                    """.formatted(port, echo.port());
            Files.writeString(cfg, tcp);
            try (Gateway gateway = Gateway.on(cfg); Socket session = new Socket()) {
                session.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                session.setSoTimeout(10_000);
                session.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(session.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");

                Files.writeString(cfg, tcp + "    # changed\n");
                ReloadResult result = gateway.reloader().reload("test");
                assertThat(result.applied()).as(result.summary()).isTrue();

                session.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(session.getInputStream().readNBytes(4), StandardCharsets.US_ASCII))
                        .as("the session runs on after the reload").isEqualTo("pong");
                long reloaded = System.nanoTime();
                assertThat(session.getInputStream().read()).as("closed by hard-stop-after").isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - reloaded)).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    /** A new connection, one request, the whole response: whether it was served. */
    private static boolean oneRequest(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return response.startsWith("HTTP/1.1 200") && response.contains("served by n");
        } catch (IOException e) {
            return false;
        }
    }

    /** The gateway started in-process on a file the test rewrites between reloads. */
    private record Gateway(Launcher.Outcome outcome) implements AutoCloseable {
        static Gateway on(Path cfg) {
            return new Gateway(TestGateway.launch(cfg));
        }

        Reloader reloader() {
            return outcome.context().getBean(Reloader.class);
        }

        @Override
        public void close() {
            outcome.context().close();
        }
    }
}
