package io.lbgate.stats;

import io.lbgate.support.TestGateway;
import io.lbgate.cli.Launcher;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.awaitility.Awaitility.await;

/**
 * The whole gateway started from a haproxy.cfg, as an operator starts it, in front of real HTTP
 * servers on loopback: backend {@code app} with a checked server, two unchecked ones and a backup;
 * {@code stats uri /haproxyadmin} with admin rights for {@code ops}. Markup reaches the stats
 * outputs only where HAProxy lets it through (HAProxy refuses it in proxy and server names): the
 * page's description ({@code stats show-desc}) and the reason phrase a checked server answers, which
 * HAProxy too reports as {@code last_chk}: backend {@code hostile}'s only server fails its checks
 * with {@code 503 <script>x</script>}.
 */
final class StatsGateway implements AutoCloseable {
    static final String USER = "ops";
    static final String PASSWORD = "s3cret";
    static final String EVIL = "<script>x</script>";
    /** What the stats outputs show for the hostile server's failed check. */
    static final String EVIL_CHECK = "Layer7 wrong status: " + EVIL;

    final NamedHttpServers servers;
    final DisposableServer hostile;
    final Launcher.Outcome outcome;
    final int httpPort;
    final int statsPort;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private StatsGateway(NamedHttpServers servers, DisposableServer hostile, Launcher.Outcome outcome, int httpPort,
            int statsPort) {
        this.servers = servers;
        this.hostile = hostile;
        this.outcome = outcome;
        this.httpPort = httpPort;
        this.statsPort = statsPort;
    }

    /** {@code extraStats} is appended to the {@code listen stats} section. */
    static StatsGateway start(Path dir, String extraStats) throws IOException {
        NamedHttpServers servers = NamedHttpServers.start("s1", "s2", "s3", "x");
        DisposableServer hostile = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.status(HttpResponseStatus.valueOf(503, EVIL)).send())
                .bindNow();
        int httpPort = FreePorts.next();
        int statsPort = FreePorts.next();
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, """
                global
                    maxconn 100
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d check inter 500ms
                    server s2 127.0.0.1:%d
                    server s3 127.0.0.1:%d backup weight 3
                    server x 127.0.0.1:%d
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /haproxyadmin
                    stats realm Haproxy
                    stats auth %s:%s
                    stats auth viewer:other
                    stats show-desc %s
                %s
                backend hostile
                    option httpchk
                    server h1 127.0.0.1:%d check inter 200ms fall 1
                """.formatted(httpPort, servers.port(0), servers.port(1), servers.port(2), servers.port(3),
                statsPort, USER, PASSWORD, EVIL, extraStats, hostile.port()));
        Launcher.Outcome outcome = TestGateway.launch(cfg);
        if (outcome.started()) {
            Registry registry = outcome.context().getBean(Registry.class);
            Server h1 = registry.server("hostile", "h1").orElseThrow();
            await().atMost(Duration.ofSeconds(20)).until(() -> h1.lastCheck().info().equals(EVIL));
        }
        return new StatsGateway(servers, hostile, outcome, httpPort, statsPort);
    }

    Registry registry() {
        return outcome.context().getBean(Registry.class);
    }

    URI uri(String suffix) {
        return URI.create("http://127.0.0.1:" + statsPort + "/haproxyadmin" + suffix);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String suffix) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(suffix)).header("Authorization", basic(USER, PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String suffix, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(suffix))
                .header("Authorization", basic(USER, PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One request through the data plane, so that counters move. */
    String viaGateway() throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        if (outcome.started()) {
            outcome.context().close();
        }
        servers.close();
        hostile.disposeNow();
    }
}
