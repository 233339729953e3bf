package io.lbgate.lifecycle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGHUP to the packaged jar, as {@code docker kill -s HUP} or {@code systemctl reload} send it:
 * a good file applies without a refused connection or a failed request, a broken one is refused
 * whole, and what operators set survives.
 */
class ReloadIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Ports(int web, int web2, int raw, int stats) {
    }

    private static String config(Ports ports, SlowBackend s1, SlowBackend s2, SlowBackend s3, EchoServer echo,
            boolean second) {
        return """
                global
                    hard-stop-after 30s
                defaults
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                frontend web
                    mode http
                    bind 127.0.0.1:%d
                    default_backend app
                %s
                frontend raw
                    mode tcp
                    bind 127.0.0.1:%d
                    default_backend echo
                backend app
                    mode http
                    server s1 127.0.0.1:%d
                    server s3 127.0.0.1:%d
                %s
                backend echo
                    mode tcp
                    server e1 127.0.0.1:%d
                listen stats
                    mode http
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                    stats auth admin:admin
                    stats admin if TRUE
                """.formatted(ports.web(),
                second ? "frontend web2\n    mode http\n    bind 127.0.0.1:" + ports.web2() + "\n    default_backend app"
                        : "",
                ports.raw(), s1.port(), s3.port(),
                second ? "    server s2 127.0.0.1:" + s2.port() : "", echo.port(), ports.stats());
    }

    @Test
    void sighupAppliesAGoodFileRefusesABrokenOneAndKeepsWhatOperatorsSet() throws Exception {
        Ports ports = new Ports(StablePorts.next(), StablePorts.next(), StablePorts.next(), StablePorts.next());
        Path cfg = Files.createTempFile("lbgate-reload", ".cfg");
        try (SlowBackend s1 = new SlowBackend("s1"); SlowBackend s2 = new SlowBackend("s2");
             SlowBackend s3 = new SlowBackend("s3"); EchoServer echo = new EchoServer()) {
            String first = config(ports, s1, s2, s3, echo, false);
            String second = config(ports, s1, s2, s3, echo, true);
            Files.writeString(cfg, first);
            try (JarProcess lbgate = JarProcess.start("-f", cfg.toString());
                 KeptAliveClient idle = new KeptAliveClient(ports.web());
                 KeptAliveClient slow = new KeptAliveClient(ports.web());
                 Socket tcp = new Socket()) {
                assertThat(post(ports, "/stats", "s=s3&action=maint&b=app").statusCode()).isEqualTo(303);
                assertThat(idle.get("/")).contains("served by s1");
                assertThat(idle.get("/")).contains("served by s1");
                tcp.connect(new InetSocketAddress("127.0.0.1", ports.raw()), 5000);
                tcp.setSoTimeout(10_000);
                assertThat(echo(tcp, "before reload\n")).isEqualTo("before reload\n");
                long s1SessionsBefore = csvField(ports, "app", "s1", 7);
                String loadedBefore = loadedInLiveUpdate(ports);
                slow.send("/?delay=3000");
                await().atMost(Duration.ofSeconds(10)).until(() -> s1.received() == 3);

                Files.writeString(cfg, second);
                lbgate.signal("HUP");
                await().atMost(Duration.ofSeconds(20)).until(() -> lbgate.log().contains("Configuration reloaded"));

                assertThat(loadedInLiveUpdate(ports)).as("the live page learns of the reload and reloads itself")
                        .isNotEqualTo(loadedBefore);
                assertThat(slow.response()).as("the request in flight finishes")
                        .contains("200 OK").contains("connection: close").endsWith("served by s1\n");
                assertThat(idle.closedByPeer()).as("kept-alive connections close between requests").isTrue();
                assertThat(echo(tcp, "after reload\n")).as("the TCP session runs on").isEqualTo("after reload\n");
                Set<String> served = new HashSet<>();
                for (int i = 0; i < 6; i++) {
                    served.add(get(ports.web()).strip());
                }
                assertThat(served).as("s2 added, s3 still in MAINT")
                        .containsExactlyInAnyOrder("served by s1", "served by s2");
                assertThat(get(ports.web2())).as("a new bind listens").startsWith("served by");
                String csv = csv(ports);
                assertThat(csvRow(csv, "app", "s3")[17]).isEqualTo("MAINT");
                assertThat(csvField(ports, "app", "s1", 7)).as("no counter reset").isGreaterThanOrEqualTo(s1SessionsBefore + 1);

                Files.writeString(cfg, second + "    bogus_keyword\n");
                lbgate.signal("HUP");
                await().atMost(Duration.ofSeconds(20)).until(() -> lbgate.log().contains("Reload refused"));
                assertThat(lbgate.log()).contains("parsing [" + cfg + ":" + (second.split("\n").length + 1)
                        + "] : unknown keyword 'bogus_keyword' in 'listen' section");
                assertThat(get(ports.web2())).as("the running configuration keeps serving").startsWith("served by");
                assertThat(page(ports)).contains("REFUSED").contains("bogus_keyword");

                Files.writeString(cfg, first);
                lbgate.signal("HUP");
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> lbgate.log().split("Configuration reloaded", -1).length == 3);
                assertThat(KeptAliveClient.accepts(ports.web2())).as("a removed bind stops").isFalse();
                for (int i = 0; i < 4; i++) {
                    assertThat(get(ports.web())).isEqualTo("served by s1\n");
                }
                assertThat(echo(tcp, "still there\n")).isEqualTo("still there\n");
                tcp.close();

                // The stats page's button: the same reload, admin only, audited.
                assertThat(post(ports, "/stats;reload", "").statusCode()).isEqualTo(303);
                assertThat(lbgate.log()).contains("action=\"reload\" backend=\"-\" server=\"-\" result=\"done\"");
                assertThat(page(ports)).contains("applied").contains("(stats page, user admin)")
                        .contains("Reload configuration");

                lbgate.signal("TERM");
                assertThat(lbgate.awaitExit(Duration.ofSeconds(40))).isZero();
            }
        }
    }

    private static String echo(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        InputStream in = socket.getInputStream();
        return new String(in.readNBytes(bytes.length), StandardCharsets.US_ASCII);
    }

    /**
     * A request on a new connection: a connection kept alive from before a reload still serves a
     * request that arrives within its quiet period on the previous configuration (then closes).
     */
    private static String get(int port) throws IOException {
        try (KeptAliveClient client = new KeptAliveClient(port)) {
            String response = client.get("/");
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private HttpResponse<String> post(Ports ports, String path, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.stats() + path))
                .header("Authorization", basic()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String page(Ports ports) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.stats() + "/stats"))
                .header("Authorization", basic()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The {@code loaded} field of the first live update of the stats page. */
    private String loadedInLiveUpdate(Ports ports) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.stats() + "/stats;events"))
                .header("Authorization", basic()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    int at = line.indexOf("\"loaded\":\"");
                    assertThat(at).as(line).isNotNegative();
                    int from = at + "\"loaded\":\"".length();
                    return line.substring(from, line.indexOf('"', from));
                }
            }
        }
        throw new AssertionError("no live update");
    }

    private String csv(Ports ports) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.stats() + "/stats;csv"))
                .header("Authorization", basic()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private long csvField(Ports ports, String proxy, String server, int column) throws IOException, InterruptedException {
        return Long.parseLong(csvRow(csv(ports), proxy, server)[column]);
    }

    private static String[] csvRow(String csv, String proxy, String server) {
        for (String line : csv.split("\n")) {
            String[] cells = line.split(",", -1);
            if (cells.length > 20 && cells[0].equals(proxy) && cells[1].equals(server)) {
                return cells;
            }
        }
        throw new AssertionError("no row " + proxy + "/" + server + " in\n" + csv);
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    }
}
