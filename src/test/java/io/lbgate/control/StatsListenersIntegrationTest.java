package io.lbgate.control;

import io.lbgate.registry.AdminState;
import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code listen} sections with {@code stats enable}, as an operator writes them: each serves its
 * own page on its own binds, with its own uri, realm, users, admin right, version, refresh and
 * title, and counts its own requests in its own FRONTEND and BACKEND rows.
 */
class StatsListenersIntegrationTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path dir;
    static NamedHttpServers servers;
    static TestGateway gateway;
    static int main;
    static int ops;
    static int opsSecond;

    @BeforeAll
    static void start() throws IOException {
        servers = NamedHttpServers.start("s1");
        main = FreePorts.next();
        ops = FreePorts.next();
        opsSecond = FreePorts.next();
        gateway = TestGateway.start(dir, """
                global
                    maxconn 200
                defaults
                    mode http
                    maxconn 150
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /haproxyadmin
                    stats realm Haproxy
                    stats auth admin:secret
                    stats admin if TRUE
                    stats refresh 10s
                listen ops
                    bind 127.0.0.1:%d
                    bind 127.0.0.1:%d
                    maxconn 40
                    stats enable
                    stats uri /ops-page
                    stats realm Ops\\ Page
                    stats auth ops:pw
                    stats hide-version
                    stats show-node node-a
                    stats show-desc Second page
                    stats show-legends
                """.formatted(FreePorts.next(), servers.port(0), main, ops, opsSecond));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void eachListenerAsksForItsOwnRealmAndAcceptsOnlyItsOwnUsers() throws Exception {
        HttpResponse<String> mainChallenge = get(main, "/haproxyadmin", null);
        assertThat(mainChallenge.statusCode()).isEqualTo(401);
        assertThat(mainChallenge.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Haproxy\"");
        HttpResponse<String> opsChallenge = get(ops, "/ops-page", null);
        assertThat(opsChallenge.statusCode()).isEqualTo(401);
        assertThat(opsChallenge.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Ops Page\"");

        assertThat(get(main, "/haproxyadmin", "ops:pw").statusCode()).isEqualTo(401);
        assertThat(get(ops, "/ops-page", "admin:secret").statusCode()).isEqualTo(401);
        assertThat(get(main, "/haproxyadmin", "admin:secret").statusCode()).isEqualTo(200);
        assertThat(get(ops, "/ops-page", "ops:pw").statusCode()).isEqualTo(200);
        assertThat(get(opsSecond, "/ops-page", "ops:pw").statusCode()).as("the second bind").isEqualTo(200);
    }

    @Test
    void eachListenerServesOnlyItsOwnUri() throws Exception {
        assertThat(get(main, "/ops-page", "admin:secret").statusCode()).isEqualTo(404);
        assertThat(get(ops, "/haproxyadmin", "ops:pw").statusCode()).isEqualTo(404);
        assertThat(get(ops, "/ops-page;csv", "ops:pw").body()).startsWith("# pxname,svname,");
        assertThat(get(main, "/haproxyadmin;json", "admin:secret").body()).startsWith("[");
    }

    @Test
    void eachPageHasItsOwnAdminFormVersionRefreshAndTitle() throws Exception {
        HttpResponse<String> mainPage = get(main, "/haproxyadmin", "admin:secret");
        assertThat(mainPage.headers().firstValue("Refresh")).hasValue("10");
        assertThat(mainPage.body()).contains("name=\"action\"").contains("lbgate version ")
                .containsPattern("Statistics Report for pid <span>\\d+</span></h2>");

        assertThat(mainPage.body()).doesNotContain("title=\"cap: ");

        HttpResponse<String> opsPage = get(ops, "/ops-page", "ops:pw");
        assertThat(opsPage.body()).as("show-legends").contains("title=\"cap: frontend, mode: http, id: 1\"",
                "title=\"cap: backend, mode: http, id: 2\"", "title=\"cap: proxy, mode: http, id: 4\"",
                "title=\"IPv4: 127.0.0.1:" + servers.port(0) + ", id: 1\"", "title=\"balancing: roundrobin\"");
        assertThat(opsPage.headers().firstValue("Refresh")).isEmpty();
        assertThat(opsPage.body()).doesNotContain("name=\"action\"").doesNotContain("lbgate version ")
                .containsPattern("Statistics Report for pid <span>\\d+</span> on <span class=\"node\">node-a</span>:"
                        + " <span class=\"desc\">Second page</span></h2>");
    }

    @Test
    void onlyTheListenerWithAdminRightsChangesServers() throws Exception {
        HttpResponse<String> denied = post(ops, "/ops-page", "ops:pw", "s=s1&action=drain&b=app");
        assertThat(denied.headers().firstValue("Location")).hasValue("/ops-page;st=DENY");
        assertThat(gateway.registry().server("app", "s1").orElseThrow().adminState()).isEqualTo(AdminState.READY);

        HttpResponse<String> done = post(main, "/haproxyadmin", "admin:secret", "s=s1&action=drain&b=app");
        assertThat(done.headers().firstValue("Location")).hasValue("/haproxyadmin;st=DONE");
        assertThat(gateway.registry().server("app", "s1").orElseThrow().adminState()).isEqualTo(AdminState.DRAIN);
        post(main, "/haproxyadmin", "admin:secret", "s=s1&action=ready&b=app");
        assertThat(gateway.registry().server("app", "s1").orElseThrow().adminState()).isEqualTo(AdminState.READY);
    }

    @Test
    void eachListenerHasItsOwnRowsCountingItsOwnRequests() throws Exception {
        Csv before = Csv.of(get(main, "/haproxyadmin;csv", "admin:secret").body());
        assertThat(before.rows).containsKeys("stats/FRONTEND", "stats/BACKEND", "ops/FRONTEND", "ops/BACKEND");
        assertThat(before.text("stats/FRONTEND", "status")).isEqualTo("OPEN");
        assertThat(before.text("ops/BACKEND", "status")).isEqualTo("UP");
        assertThat(before.text("stats/FRONTEND", "iid")).isEqualTo("3");
        assertThat(before.text("ops/BACKEND", "iid")).isEqualTo("4");
        assertThat(before.text("stats/FRONTEND", "slim")).as("defaults' maxconn").isEqualTo("150");
        assertThat(before.text("ops/FRONTEND", "slim")).isEqualTo("40");
        assertThat(before.text("ops/BACKEND", "slim")).as("a tenth of its frontend's").isEqualTo("4");

        // One connection per request (HTTP/1.0), so that sessions count one each.
        assertThat(raw(ops, "/ops-page", "ops:pw")).startsWith("HTTP/1.0 200");
        assertThat(raw(ops, "/ops-page;csv", null)).startsWith("HTTP/1.0 401");
        assertThat(raw(opsSecond, "/ops-page;csv", "ops:pw")).startsWith("HTTP/1.0 200");
        assertThat(raw(ops, "/actuator/health", null)).startsWith("HTTP/1.0 200");
        String response = raw(ops, "/ops-page;csv", "ops:pw");
        Csv after = Csv.of(response.substring(response.indexOf("\r\n\r\n") + 4));

        // The four requests above and the one reading this CSV (whose answer is not counted yet).
        assertThat(after.delta(before, "ops/FRONTEND", "req_tot")).isEqualTo(5);
        assertThat(after.delta(before, "ops/FRONTEND", "stot")).isEqualTo(5);
        assertThat(after.delta(before, "ops/FRONTEND", "intercepted")).as("all but the health probe").isEqualTo(4);
        assertThat(after.delta(before, "ops/FRONTEND", "hrsp_4xx")).isEqualTo(1);
        assertThat(after.delta(before, "ops/FRONTEND", "hrsp_2xx")).isEqualTo(3);
        assertThat(after.delta(before, "ops/FRONTEND", "bin")).isPositive();
        assertThat(after.delta(before, "ops/FRONTEND", "bout")).isPositive();
        assertThat(after.delta(before, "ops/BACKEND", "stot")).as("the health probe").isEqualTo(1);
        assertThat(after.delta(before, "ops/BACKEND", "hrsp_2xx")).isEqualTo(1);
        assertThat(after.delta(before, "ops/BACKEND", "bout")).as("every byte of the proxy, as HAProxy")
                .isEqualTo(after.delta(before, "ops/FRONTEND", "bout"));
        assertThat(after.delta(before, "stats/FRONTEND", "req_tot")).as("the other listener saw none of them")
                .isZero();
    }

    /** A {@code ;csv} body by {@code proxy/name} and column name. */
    private record Csv(List<String> header, Map<String, String[]> rows) {
        static Csv of(String body) {
            List<String> header = Arrays.asList(body.lines().findFirst().orElseThrow().substring(2).split(",", -1));
            return new Csv(header, body.lines().skip(1).map(l -> l.split(",", -1))
                    .collect(Collectors.toMap(f -> f[0] + "/" + f[1], Function.identity())));
        }

        String text(String row, String column) {
            return rows.get(row)[header.indexOf(column)];
        }

        long delta(Csv before, String row, String column) {
            return Long.parseLong(text(row, column)) - Long.parseLong(before.text(row, column));
        }
    }

    /** One HTTP/1.0 request on a connection of its own; the whole response as text. */
    private static String raw(int port, String path, String credentials) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                    + (credentials == null ? "" : "Authorization: Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "\r\n")
                    + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void actuatorHealthIsOpenOnEveryListener() throws Exception {
        assertThat(get(main, "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get(ops, "/actuator/health", null).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(int port, String path, String credentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(port, path, credentials);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String credentials, String form)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(port, path, credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path, String credentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }
}
