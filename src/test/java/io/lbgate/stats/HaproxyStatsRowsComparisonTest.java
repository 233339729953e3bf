package io.lbgate.stats;

import io.lbgate.support.FreePorts;
import io.lbgate.support.SystemPackage;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The FRONTEND and BACKEND rows of two stats listeners, after the same requests, next to the real
 * HAProxy 2.6's (installed by .ci/run) on the same haproxy.cfg, read through {@code show stat} on a
 * {@code stats socket} so that reading adds no traffic: which columns are filled, the values that
 * do not depend on timing, and the counts of sessions, requests, response classes and
 * intercepted requests.
 */
class HaproxyStatsRowsComparisonTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    /** Compared by value; everything else by whether it is filled. */
    private static final List<String> VALUES = List.of("scur", "slim", "stot", "status", "weight", "act", "bck",
            "chkdown", "pid", "iid", "sid", "type", "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx",
            "hrsp_other", "req_tot", "mode", "algo", "conn_tot", "intercepted", "dreq", "dresp", "ereq", "econ",
            "eresp", "lbtot", "uweight");

    @TempDir
    Path dir;

    @Test
    void statsRowsAreHaproxys() throws Exception {
        SystemPackage.require(HAPROXY.toString(), "haproxy");
        Ports theirPorts = new Ports();
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), cfg(theirPorts));
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.out").toFile()).start();
        Map<String, Map<String, String>> theirs;
        try {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> !showStat(theirPorts.socket).isEmpty());
            theirs = afterTraffic(theirPorts);
        } finally {
            haproxy.destroy(); // only the process this test started
            haproxy.waitFor(5, TimeUnit.SECONDS);
        }
        Ports ourPorts = new Ports();
        Map<String, Map<String, String>> ours;
        try (TestGateway ignored = TestGateway.start(dir, cfg(ourPorts))) {
            ours = afterTraffic(ourPorts);
        }

        assertThat(theirs.keySet()).containsExactly("ops/BACKEND", "ops/FRONTEND", "stats/BACKEND", "stats/FRONTEND");
        assertThat(ours.keySet()).isEqualTo(theirs.keySet());
        for (String row : theirs.keySet()) {
            assertThat(shape(ours.get(row))).as(row).isEqualTo(shape(theirs.get(row)));
            for (String column : VALUES) {
                assertThat(ours.get(row).get(column)).as(row + " " + column).isEqualTo(theirs.get(row).get(column));
            }
        }
        for (Map<String, Map<String, String>> rows : List.of(theirs, ours)) {
            for (String proxy : List.of("stats", "ops")) {
                assertThat(rows.get(proxy + "/BACKEND").get("bout")).as("a stats proxy's bytes count in its backend")
                        .isEqualTo(rows.get(proxy + "/FRONTEND").get("bout")).isNotEqualTo("0");
            }
        }
    }

    private record Ports(int web, int main, int ops, int socket) {
        Ports() {
            this(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
        }
    }

    private static String cfg(Ports ports) {
        return """
                global
                    maxconn 300
                    stats socket 127.0.0.1:%d level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /main
                    stats auth admin:secret
                    stats admin if TRUE
                listen ops
                    bind 127.0.0.1:%d
                    maxconn 50
                    stats enable
                    stats uri /ops
                    stats realm Ops
                    stats auth ops:pw
                    stats hide-version
                """.formatted(ports.socket, ports.web, FreePorts.next(), ports.main, ports.ops);
    }

    /** The same requests to both, each on a connection of its own; then the stats rows once every one is closed. */
    private static Map<String, Map<String, String>> afterTraffic(Ports ports) throws Exception {
        assertThat(status(get(ports.main, "/main", "admin:secret"))).isEqualTo(200);
        assertThat(status(get(ports.main, "/main;csv", null))).isEqualTo(401);
        assertThat(status(get(ports.ops, "/ops;csv", "ops:pw"))).isEqualTo(200);
        assertThat(status(get(ports.ops, "/ops", "ops:nope"))).isEqualTo(401);
        assertThat(status(get(ports.ops, "/ops;json", "ops:pw"))).isEqualTo(200);
        return await().atMost(Duration.ofSeconds(10)).until(() -> statsRows(ports.socket),
                rows -> rows.values().stream().allMatch(r -> r.get("scur").equals("0")));
    }

    private static Map<String, Map<String, String>> statsRows(int socket) throws IOException {
        List<String> lines = showStat(socket);
        List<String> header = Arrays.asList(lines.get(0).substring(2).split(",", -1));
        Map<String, Map<String, String>> rows = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f[0].equals("stats") || f[0].equals("ops")) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), f[i]);
                }
                rows.put(f[0] + "/" + f[1], row);
            }
        }
        return rows;
    }

    /** Which columns are filled. */
    private static List<String> shape(Map<String, String> row) {
        List<String> filled = new ArrayList<>();
        row.forEach((column, value) -> filled.add(column + (value.isEmpty() ? "=" : "=*")));
        return filled;
    }

    private static List<String> showStat(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("show stat\n".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty()).toList();
        }
    }

    /** The status code of a raw response (HAProxy answers an HTTP/1.0 request with HTTP/1.1). */
    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    private static String get(int port, String path, String credentials) throws IOException {
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
}
