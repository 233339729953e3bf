package io.lbgate.health;

import io.lbgate.support.TestGateway;
import io.lbgate.cli.Launcher;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.lbgate.registry.StateChange;
import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole gateway started from a haproxy.cfg, checks running with it: healthy servers stay UP
 * under sustained load, and a server marked DOWN with {@code on-marked-down shutdown-sessions}
 * has its in-flight exchanges cut.
 */
class HealthChecksGatewayIntegrationTest {
    @TempDir
    static Path dir;

    private static NamedHttpServers nodes;
    private static DisposableServer hold;
    private static StubServer holdHealth;
    private static Launcher.Outcome gateway;
    private static Registry registry;
    private static int webPort;
    private static int holdPort;
    private static final List<StateChange> changes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        nodes = NamedHttpServers.start("s1", "s2", "s3");
        hold = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> Mono.never()).bindNow();
        holdHealth = StubServer.silent();
        webPort = FreePorts.next();
        holdPort = FreePorts.next();
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            servers.append("    server ").append(nodes.name(i)).append(" 127.0.0.1:").append(nodes.port(i))
                    .append(" check inter 500ms rise 2 fall 2\n");
        }
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend nodes
                frontend held
                    bind 127.0.0.1:%d
                    default_backend hold
                backend nodes
                    option httpchk GET /health
                %s
                backend hold
                    server h 127.0.0.1:%d check port %d inter 200ms rise 1 fall 1 on-marked-down shutdown-sessions
                """.formatted(webPort, holdPort, servers, hold.port(), holdHealth.port()));
        gateway = TestGateway.launch(cfg);
        registry = gateway.context().getBean(Registry.class);
        registry.subscribe(changes::add);
    }

    @AfterAll
    static void stop() {
        if (gateway != null && gateway.started()) {
            gateway.context().close();
        }
        nodes.close();
        hold.disposeNow();
        holdHealth.close();
    }

    @Test
    void healthyServersAreNeverMarkedDownUnderSustainedLoad() throws Exception {
        List<Server> checked = registry.backend("nodes").orElseThrow().servers();
        await().atMost(Duration.ofSeconds(3)).until(() -> checked.stream().allMatch(s -> s.status().equals("UP")));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + webPort + "/load");
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Integer>> counts = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                counts.add(threads.submit(() -> {
                    int ok = 0;
                    while (System.nanoTime() < end) {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(),
                                HttpResponse.BodyHandlers.ofString());
                        ok += r.statusCode() == 200 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : counts) {
                total += f.get();
            }
            assertThat(total).isGreaterThan(100);
        } finally {
            threads.shutdownNow();
        }
        assertThat(changes).filteredOn(c -> c.backend().name().equals("nodes")).noneMatch(StateChange::wentDown);
        for (Server s : checked) {
            assertThat(s.status()).isEqualTo("UP");
            assertThat(s.checkFails()).isZero();
            assertThat(s.lastCheck().status()).isEqualTo("L7OK");
        }
    }

    @Test
    void shutdownSessionsCutsInFlightExchangesWhenTheServerGoesDown() throws Exception {
        Server h = registry.server("hold", "h").orElseThrow();
        await().atMost(Duration.ofSeconds(3)).until(() -> h.lastCheck().status().equals("L4OK"));
        // A raw socket, not java.net.http: that client silently retries a cut GET.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), holdPort)) {
            socket.getOutputStream().write("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return socket.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0]; // reset: cut as well
                }
            });
            await().atMost(Duration.ofSeconds(3)).until(() -> h.sessions().size() == 1);
            assertThat(h.counters().currentSessions()).isEqualTo(1);

            holdHealth.stop();

            assertThat(answer.get(3, TimeUnit.SECONDS)).as("cut without a response").isEmpty();
        }
        assertThat(h.status()).isEqualTo("DOWN");
        await().atMost(Duration.ofSeconds(3)).until(() -> h.counters().currentSessions() == 0);
        assertThat(h.sessions().size()).isZero();
    }
}
