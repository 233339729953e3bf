package io.lbgate.cli;

import io.lbgate.config.properties.LbgateProperties;
import io.lbgate.dataplane.DataPlane;
import io.lbgate.registry.Registry;
import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code -f} start serves before its Spring context has started: proxied HTTP and TCP traffic
 * and health checks run while the control plane is held in the middle of its start
 * ({@link HeldControlPlane}); readiness only answers once the control plane is up, and the control
 * plane then works on the very registry and data plane that served. A frontend that cannot listen
 * ends the start before Spring, with nothing left listening.
 */
class DataPlaneFirstIntegrationTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private NamedHttpServers servers;
    private Launcher.Outcome outcome;

    @AfterEach
    void stop() {
        HeldControlPlane.release();
        if (outcome != null && outcome.started()) {
            outcome.context().close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void trafficAndHealthChecksRunWhileTheControlPlaneIsStillStarting() throws Exception {
        servers = NamedHttpServers.start("s1");
        int web = FreePorts.next();
        int raw = FreePorts.next();
        int stats = FreePorts.next();
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                defaults
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    mode http
                    bind 127.0.0.1:%d
                    default_backend app
                frontend raw
                    mode tcp
                    bind 127.0.0.1:%d
                    default_backend raw_app
                backend app
                    mode http
                    server s1 127.0.0.1:%d check inter 200ms
                backend raw_app
                    mode tcp
                    server s1 127.0.0.1:%d
                listen stats
                    mode http
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(web, raw, servers.port(0), servers.port(0), stats));
        HeldControlPlane.arm();

        CompletableFuture<Launcher.Outcome> start = CompletableFuture.supplyAsync(() -> new Launcher(quiet, quiet)
                .run("-f", cfg.toString(), "--spring.main.banner-mode=off", "--lbgate.test.hold-control-plane=true"));
        await().atMost(Duration.ofSeconds(60)).until(() -> HeldControlPlane.reached() || start.isDone());
        assertThat(start).as(sink.toString(StandardCharsets.UTF_8)).isNotDone();

        // The context is in the middle of building its beans; the data plane already serves.
        assertThat(get(web, "/").body()).isEqualTo("served by s1\n");
        assertThat(rawExchange(raw)).startsWith("HTTP/1.1 200").endsWith("served by s1\n");
        Registry registry = HeldControlPlane.registry();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                registry.server("app", "s1").orElseThrow().lastCheck().status().equals("L4OK"));
        // No readiness yet: nothing listens where it will be answered.
        assertThat(accepts(stats)).isFalse();
        assertThat(start).isNotDone();

        HeldControlPlane.release();
        outcome = start.get(60, TimeUnit.SECONDS);

        assertThat(outcome.started()).as(sink.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(get(stats, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        // One registry and one data plane: the control plane counts what was served before it ran.
        assertThat(outcome.context().getBeansOfType(Registry.class)).containsOnlyKeys("registry");
        assertThat(outcome.context().getBean(Registry.class)).isSameAs(registry);
        assertThat(outcome.context().getBeansOfType(DataPlane.class)).hasSize(1);
        assertThat(registry.frontend("web").orElseThrow().counters().requests()).isEqualTo(1);
        assertThat(get(stats, "/stats;csv").body()).contains("web,FRONTEND,");
    }

    @Test
    void aFrontendThatCannotListenEndsTheStartBeforeSpringWithNothingLeftListening() throws Exception {
        int free = FreePorts.next();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                    defaults
                        mode http
                        timeout connect 2s
                        timeout client 10s
                        timeout server 10s
                    frontend first
                        bind 127.0.0.1:%d
                        default_backend app
                    frontend second
                        bind 127.0.0.1:%d
                        default_backend app
                    backend app
                        server s1 127.0.0.1:%d
                    """.formatted(free, taken.getLocalPort(), FreePorts.next()));

            outcome = new Launcher(quiet, quiet).run("-f", cfg.toString(), "--spring.main.banner-mode=off");

            assertThat(outcome.started()).isFalse();
            assertThat(outcome.exitStatus()).isEqualTo(1);
            assertThat(accepts(free)).as("the frontend that could listen closed again").isFalse();
        }
    }

    @Test
    void aHaproxyCfgStartLeavesTheBundledLbgateSectionUnreadAndUnchecked() throws Exception {
        servers = NamedHttpServers.start("s1");
        int web = FreePorts.next();
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d
                """.formatted(web, servers.port(0)));

        // A value that cannot be bound: read, it would stop the start.
        outcome = new Launcher(quiet, quiet).run("-f", cfg.toString(), "--spring.main.banner-mode=off",
                "--lbgate.global.maxconn=lots");

        assertThat(outcome.started()).as(sink.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(get(web, "/").body()).isEqualTo("served by s1\n");
        var beans = outcome.context().getBeanFactory();
        String[] names = beans.getBeanNamesForType(LbgateProperties.class, true, false);
        assertThat(names).as("the lbgate: properties are still a bean, for the bundled start").hasSize(1);
        assertThat(beans.containsSingleton(names[0])).as("but never made").isFalse();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTP request through the TCP frontend as raw bytes; the whole answer. */
    private static String rawExchange(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
