package io.lbgate.stats;

import io.lbgate.support.TestGateway;
import io.lbgate.cli.Launcher;
import io.lbgate.registry.Registry;
import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole gateway started from a haproxy.cfg, as an operator starts it, in front of real HTTP
 * servers on loopback: backend {@code app} with a checked server, an unchecked one, a backup and
 * one whose name is markup; {@code stats uri /haproxyadmin} with admin rights for {@code ops}.
 */
final class StatsGateway implements AutoCloseable {
    static final String USER = "ops";
    static final String PASSWORD = "s3cret";
    static final String EVIL = "<script>x</script>";

    final NamedHttpServers servers;
    final Launcher.Outcome outcome;
    final int httpPort;
    final int statsPort;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private StatsGateway(NamedHttpServers servers, Launcher.Outcome outcome, int httpPort, int statsPort) {
        this.servers = servers;
        this.outcome = outcome;
        this.httpPort = httpPort;
        this.statsPort = statsPort;
    }

    /** {@code extraStats} is appended to the {@code listen stats} section. */
    static StatsGateway start(Path dir, String extraStats) throws IOException {
        NamedHttpServers servers = NamedHttpServers.start("s1", "s2", "s3", "x");
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
                    server %s 127.0.0.1:%d
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /haproxyadmin
                    stats realm Haproxy
                    stats auth %s:%s
                    stats auth viewer:other
                %s
                """.formatted(httpPort, servers.port(0), servers.port(1), servers.port(2), EVIL, servers.port(3),
                statsPort, USER, PASSWORD, extraStats));
        Launcher.Outcome outcome = TestGateway.launch(cfg);
        return new StatsGateway(servers, outcome, httpPort, statsPort);
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
    }
}
