package io.lbgate.container;

import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container as a user of the tutorial runs it: the project's Dockerfile built with podman, the
 * tutorial's {@code docker run} line with only the image name changed, a haproxy.cfg mounted at the
 * HAProxy image's path and pointing at real servers on this machine ({@code --network host}, every
 * address on loopback).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ContainerIT {
    static final String IMAGE = "localhost/lbgate-it:latest";
    private static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> containers = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeAll
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    static void buildImage() {
        Podman.require();
        long start = System.nanoTime();
        Podman.ok(Duration.ofMinutes(20), "build", "--format", "docker", "--network", "host",
                "-t", IMAGE, PROJECT.toString());
        // Reported, not asserted: the figures in docs/container.md come from these lines.
        System.out.printf("[container] image built in %.1f s; %s%n", seconds(start),
                Podman.ok(Duration.ofSeconds(30), "image", "inspect", "--format", "size {{.Size}} bytes", IMAGE).strip());
    }

    @AfterEach
    void removeContainersAndServers() throws Exception {
        for (String container : containers) {
            Podman.remove(container);
        }
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    @Test
    void theTutorialRunLineProxiesShowsTheStatsPageRunsAsNonRootAndComesBackAfterARestart() throws Exception {
        Gateway gateway = gateway();
        String name = container();

        long start = System.nanoTime();
        Podman.ok(START_LIMIT, "run", "-itd", "--name", name, "--network", "host",
                "-v", gateway.cfg() + ":/usr/local/etc/haproxy/haproxy.cfg", "--privileged=true", IMAGE);
        awaitFirstProxiedResponse(gateway, name);
        System.out.printf("[container] docker run to first proxied response: %.1f s%n", seconds(start));

        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            servedBy.add(get(gateway.url("/"), null).body());
        }
        assertThat(servedBy).containsExactlyInAnyOrder("served by node1\n", "served by node2\n");
        assertThat(Podman.logs(name)).contains("ddb_fronted ddb_backend/node1", "\"GET / HTTP/1.1\"");

        // The data plane serves first; the stats listener (the control plane) comes up a moment later.
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> get(gateway.statsUrl(), null).statusCode() == 401);
        assertThat(get(gateway.statsUrl(), null).statusCode()).isEqualTo(401);
        HttpResponse<String> page = get(gateway.statsUrl(), "admin:admin");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("ddb_backend", "node1", "node2");

        assertThat(Podman.inspect(name, "{{.Config.User}}")).isEqualTo("lbgate");
        assertThat(Podman.ok(Duration.ofSeconds(30), "exec", name, "id", "-u").strip()).isEqualTo("10001");

        awaitHealthy(name);

        long restart = System.nanoTime();
        Podman.ok(START_LIMIT, "restart", name);
        awaitFirstProxiedResponse(gateway, name);
        System.out.printf("[container] docker restart to first proxied response: %.1f s%n", seconds(restart));
        assertThat(get(gateway.url("/"), null).body()).startsWith("served by node");
    }

    @Test
    void withoutPrivilegesOnAReadOnlyRootTheNativeTransportLoadsAndTheHealthCheckRuns() throws Exception {
        Gateway gateway = gateway();
        String name = container();

        // --read-only-tmpfs=false: podman would otherwise mount a writable /tmp, which Docker's
        // --read-only does not; lbgate needs no writable path at all.
        Podman.ok(START_LIMIT, "run", "-d", "--name", name, "--network", "host", "--read-only", "--read-only-tmpfs=false",
                "-v", gateway.cfg() + ":/usr/local/etc/haproxy/haproxy.cfg:ro", IMAGE);
        awaitFirstProxiedResponse(gateway, name);

        assertThat(get(gateway.url("/"), null).body()).startsWith("served by node");
        String logs = Podman.logs(name);
        // io_uring may be refused by the default seccomp profile; epoll must still load from the
        // image's library path (Java NIO would mean the transports could not be loaded at all),
        // and the choice is logged once.
        assertThat(logs.lines().filter(l -> l.contains("event loops on"))).hasSize(1);
        assertThat(logs).containsPattern("event loops on (io_uring|epoll)");
        assertThat(logs).doesNotContain("Exception");
        awaitHealthy(name);
    }

    @Test
    void aBindBelow1024SaysWhatToDoWithoutAStackTrace() throws Exception {
        Gateway gateway = gateway(80);
        String name = container();

        // A network namespace of the container's own, with the kernel's default limit set
        // explicitly (Docker lowers it to 0 on its bridge network; with --network host the
        // host's value applies).
        Podman.Result run = Podman.run(START_LIMIT, "run", "--name", name, "--network", "none",
                "--sysctl", "net.ipv4.ip_unprivileged_port_start=1024",
                "-v", gateway.cfg() + ":/usr/local/etc/haproxy/haproxy.cfg:ro", IMAGE);

        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.both()).contains("127.0.0.1:80", "1024").doesNotContain("\tat ");
    }

    @Test
    void stopLetsARequestInFlightFinishThenExitsZero() throws Exception {
        SlowServer slow = SlowServer.start();
        servers.add(slow);
        Gateway gateway = gateway(FreePorts.next(), slow.port(), slow.port());
        String name = container();
        Podman.ok(START_LIMIT, "run", "-d", "--name", name, "--network", "host",
                "-v", gateway.cfg() + ":/usr/local/etc/haproxy/haproxy.cfg:ro", IMAGE);
        awaitFirstProxiedResponse(gateway, name);

        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway.url("/slow"))).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(slow.awaitRequest(Duration.ofSeconds(30))).as("the slow request reached the server").isTrue();
        CompletableFuture<Podman.Result> stop = CompletableFuture.supplyAsync(
                () -> Podman.run(Duration.ofSeconds(90), "stop", "-t", "30", name));
        // The server answers only once the stop has begun, which shows as the frontend no
        // longer accepting connections: lbgate must still wait for the request in flight.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !accepts(gateway.port()) || stop.isDone());
        slow.answer();

        HttpResponse<String> response = inFlight.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SlowServer.BODY);
        assertThat(stop.get(90, TimeUnit.SECONDS).exitStatus()).isZero();
        assertThat(Podman.inspect(name, "{{.State.ExitCode}}")).isEqualTo("0");
        String line = Podman.logs(name).lines().filter(l -> l.contains("\"GET /slow HTTP/1.1\"")).findFirst().orElse("");
        assertThat(line).as("the access log line of the request in flight").contains(" 200 ", " ---- ");
    }

    @Test
    void hupReloadsTheMountedConfigurationWithoutARestart() throws Exception {
        NamedHttpServers before = NamedHttpServers.start("before");
        NamedHttpServers after = NamedHttpServers.start("after");
        servers.add(before);
        servers.add(after);
        Gateway gateway = gateway(FreePorts.next(), before.port(0), before.port(0));
        String name = container();
        Podman.ok(START_LIMIT, "run", "-d", "--name", name, "--network", "host",
                "-v", gateway.cfg() + ":/usr/local/etc/haproxy/haproxy.cfg:ro", IMAGE);
        awaitFirstProxiedResponse(gateway, name);
        assertThat(get(gateway.url("/"), null).body()).isEqualTo("served by before\n");
        String started = Podman.inspect(name, "{{.State.StartedAt}}");

        // Rewritten in place, as an editor does: a file bind mount keeps pointing at the same inode.
        Files.writeString(gateway.cfg(), gateway.config(after.port(0), after.port(0)));
        Podman.ok(Duration.ofSeconds(30), "kill", "-s", "HUP", name);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(gateway.url("/"), null).body().equals("served by after\n"));
        assertThat(Podman.inspect(name, "{{.State.Status}}")).isEqualTo("running");
        assertThat(Podman.inspect(name, "{{.State.StartedAt}}")).isEqualTo(started);
    }

    /** Two named servers and a gateway configuration for them on free loopback ports. */
    private Gateway gateway() throws IOException {
        NamedHttpServers nodes = NamedHttpServers.start("node1", "node2");
        servers.add(nodes);
        return gateway(FreePorts.next(), nodes.port(0), nodes.port(1));
    }

    private Gateway gateway(int frontendPort) throws IOException {
        NamedHttpServers nodes = NamedHttpServers.start("node1", "node2");
        servers.add(nodes);
        return gateway(frontendPort, nodes.port(0), nodes.port(1));
    }

    private Gateway gateway(int frontendPort, int node1, int node2) throws IOException {
        Path dir = Files.createTempDirectory("lbgate-container");
        Path cfg = dir.resolve("haproxy.cfg");
        Gateway gateway = new Gateway(cfg, frontendPort, FreePorts.next());
        Files.writeString(cfg, gateway.config(node1, node2));
        // The image's user is not this one: the mounted file must be readable by others, as a
        // file under /haproxy usually is.
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));
        return gateway;
    }

    /** A haproxy.cfg in the tutorial's shape: an HTTP frontend, a round-robin backend, a stats listener. */
    private record Gateway(Path cfg, int port, int statsPort) {
        String config(int node1, int node2) {
            return """
                    global
                        maxconn 1000

                    defaults
                        mode http
                        log global
                        option httplog
                        timeout connect 5s
                        timeout client 60s
                        timeout server 60s

                    frontend ddb_fronted
                        bind 127.0.0.1:%d
                        default_backend ddb_backend

                    backend ddb_backend
                        balance roundrobin
                        server node1 127.0.0.1:%d check inter 2s
                        server node2 127.0.0.1:%d check inter 2s

                    listen stats
                        bind 127.0.0.1:%d
                        stats enable
                        stats uri /haproxyadmin
                        stats realm Haproxy
                        stats auth admin:admin
                        stats admin if TRUE
                    """.formatted(port, node1, node2, statsPort);
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        String statsUrl() {
            return "http://127.0.0.1:" + statsPort + "/haproxyadmin";
        }
    }

    private String container() {
        String name = "lbgate-it-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(name);
        return name;
    }

    private void awaitFirstProxiedResponse(Gateway gateway, String name) {
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> {
                    if (!Podman.inspect(name, "{{.State.Status}}").equals("running")) {
                        throw new AssertionError("the container stopped:\n" + Podman.logs(name));
                    }
                    return get(gateway.url("/"), null).statusCode() == 200;
                });
    }

    /**
     * Runs the image's HEALTHCHECK as the engine would and waits for {@code healthy}. (Podman
     * schedules health checks with systemd timers, which these machines lack, so the test runs
     * each one itself; Docker runs them on its own.)
     */
    private static void awaitHealthy(String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Podman.run(Duration.ofSeconds(30), "healthcheck", "run", name).succeeded());
        assertThat(Podman.inspect(name, "{{.State.Health.Status}}")).isEqualTo("healthy");
    }

    private HttpResponse<String> get(String uri, String credentials) throws IOException, InterruptedException {
        // Generous: the first stats page of a fresh JVM on a loaded CI machine can take seconds.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
