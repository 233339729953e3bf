package io.lbgate.metrics;

import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.lbgate.support.SystemPackage;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HAProxy 2.6.12 and lbgate on the same haproxy.cfg, fed the same traffic, scraped the same number
 * of times on {@code http-request use-service prometheus-exporter if { path /metrics }}: every
 * family lbgate writes is one HAProxy writes, with the same help, type, series (names, labels,
 * order) and, where time plays no part, the same values; the families lbgate leaves out are exactly
 * those docs/metrics.md lists.
 */
class HaproxyExporterComparisonTest {
    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    /**
     * Values that depend on when the scrape runs or on how closely requests followed each other
     * (the highest number of sessions at once), not on what was counted.
     */
    static final Set<String> TIMING = Set.of("haproxy_process_uptime_seconds", "haproxy_process_start_time_seconds",
            "haproxy_backend_check_last_change_seconds", "haproxy_server_check_last_change_seconds",
            "haproxy_backend_downtime_seconds_total", "haproxy_server_downtime_seconds_total",
            "haproxy_backend_last_session_seconds", "haproxy_server_last_session_seconds",
            "haproxy_server_check_duration_seconds", "haproxy_frontend_max_session_rate",
            "haproxy_backend_max_session_rate", "haproxy_server_max_session_rate",
            "haproxy_frontend_connections_rate_max", "haproxy_frontend_http_requests_rate_max",
            "haproxy_frontend_max_sessions", "haproxy_backend_max_sessions", "haproxy_server_max_sessions",
            // The scrapes' own requests and answers are in them, and lbgate's exposition is shorter.
            "haproxy_frontend_bytes_in_total", "haproxy_frontend_bytes_out_total");
    /**
     * The differences docs/metrics.md lists, from the HTTP data plane's counting (the stats CSV shows
     * the same values). The test fails when one disappears, so that the list and the doc stay true.
     */
    static final Set<String> KNOWN_DIFFERENCES = Set.of(
            "haproxy_backend_bytes_in_total{proxy=app}",
            "haproxy_server_bytes_in_total{proxy=app, server=s1}",
            "haproxy_server_bytes_in_total{proxy=app, server=s2}",
            "haproxy_backend_bytes_out_total{proxy=app}",
            "haproxy_server_bytes_out_total{proxy=app, server=s1}",
            "haproxy_server_bytes_out_total{proxy=app, server=s2}",
            "haproxy_backend_http_requests_total{proxy=app}",
            "haproxy_backend_limit_sessions{proxy=other}");

    @TempDir
    static Path dir;
    static NamedHttpServers servers;
    static Process haproxy;
    static TestGateway lbgate;
    static int haproxyWeb;
    static int lbgateWeb;
    static int haproxyTcp;
    static int lbgateTcp;
    static String haproxyText;
    static String lbgateText;

    static String cfg(int web, int tcp, int stats, int deadPort) {
        return """
                global
                    maxconn 100
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    http-request use-service prometheus-exporter if { path /metrics }
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d check inter 100ms
                    server s2 127.0.0.1:%d check inter 100ms maxconn 10 maxqueue 5
                    server dead 127.0.0.1:%d check inter 100ms fall 2
                    server s3 127.0.0.1:%d backup
                    server off 127.0.0.1:%d disabled
                backend other
                    server o1 127.0.0.1:%d
                frontend tcpf
                    mode tcp
                    bind 127.0.0.1:%d
                    default_backend tcpb
                backend tcpb
                    mode tcp
                    server t1 127.0.0.1:%d check inter 100ms
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(web, servers.port(0), servers.port(1), deadPort, servers.port(2), servers.port(0),
                servers.port(1), tcp, servers.port(0), stats);
    }

    @BeforeAll
    static void start() throws Exception {
        SystemPackage.require(HAPROXY.toString(), "haproxy");
        servers = NamedHttpServers.start("s1", "s2", "s3");
        int deadPort = FreePorts.next();
        haproxyWeb = FreePorts.next();
        haproxyTcp = FreePorts.next();
        lbgateWeb = FreePorts.next();
        lbgateTcp = FreePorts.next();
        Path haproxyCfg = dir.resolve("haproxy.cfg");
        Files.writeString(haproxyCfg, cfg(haproxyWeb, haproxyTcp, FreePorts.next(), deadPort));
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", haproxyCfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        lbgate = TestGateway.start(dir, cfg(lbgateWeb, lbgateTcp, FreePorts.next(), deadPort));

        // Both settle (every check result known, the dead server down) before any traffic; each poll
        // scrapes both, so both count the same scrapes.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            String a = scrape(haproxyWeb);
            String b = scrape(lbgateWeb);
            return settled(a) && settled(b);
        });
        for (int i = 0; i < 5; i++) {
            get(haproxyWeb, "/");
            get(lbgateWeb, "/");
        }
        get(haproxyWeb, "/metrics/not-the-exporter");
        get(lbgateWeb, "/metrics/not-the-exporter");
        tcp(haproxyTcp);
        tcp(lbgateTcp);
        // The client has seen the end of its TCP session; a proxy's own end of it may take a moment.
        // Both are scraped on each poll, so that both count the same scrapes.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            haproxyText = scrape(haproxyWeb);
            lbgateText = scrape(lbgateWeb);
            return tcpSessionsOver(haproxyText) && tcpSessionsOver(lbgateText);
        });
        Files.writeString(Path.of("target", "exporter-haproxy.txt"), haproxyText);
        Files.writeString(Path.of("target", "exporter-lbgate.txt"), lbgateText);
    }

    static boolean tcpSessionsOver(String text) {
        return text.contains("haproxy_frontend_current_sessions{proxy=\"tcpf\"} 0")
                && text.contains("haproxy_backend_current_sessions{proxy=\"tcpb\"} 0")
                && text.contains("haproxy_server_current_sessions{proxy=\"tcpb\",server=\"t1\"} 0");
    }

    /** Every checked server has a result, and the dead one is down. */
    static boolean settled(String text) {
        return text.contains("haproxy_server_status{proxy=\"app\",server=\"dead\",state=\"DOWN\"} 1")
                && text.contains("haproxy_server_check_status{proxy=\"app\",server=\"s1\",state=\"L4OK\"} 1")
                && text.contains("haproxy_server_check_status{proxy=\"app\",server=\"s2\",state=\"L4OK\"} 1")
                && text.contains("haproxy_server_check_status{proxy=\"tcpb\",server=\"t1\",state=\"L4OK\"} 1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (lbgate != null) {
            lbgate.close();
        }
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        if (servers != null) {
            servers.close();
        }
    }

    static String scrape(int port) throws IOException {
        String response = get(port, "/metrics");
        assertThat(response).startsWith("HTTP/1.1 200").contains("content-type: text/plain; version=0.0.4");
        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(head.length() + 4);
        return head.contains("transfer-encoding: chunked") ? dechunk(body) : body;
    }

    /** HAProxy streams its exposition in chunks. */
    static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    /** One request on a connection of its own, read to the end. */
    static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
        }
    }

    static void tcp(int port) throws IOException {
        String answer = get(port, "/");
        assertThat(answer).startsWith("HTTP/1.1 200");
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    @Test
    void everyFamilyLbgateWritesIsHaproxysWithItsHelpTypeAndSeries() {
        ParsedExposition theirs = ParsedExposition.parse(haproxyText);
        ParsedExposition ours = ParsedExposition.parse(lbgateText);
        assertThat(ours.families()).hasSizeGreaterThan(60);
        for (ParsedExposition.Family family : ours.families().values()) {
            ParsedExposition.Family expected = theirs.family(family.name());
            assertThat(expected).as(family.name() + " is not one of HAProxy's").isNotNull();
            assertThat(family.help()).as(family.name()).isEqualTo(expected.help());
            assertThat(family.type()).as(family.name()).isEqualTo(expected.type());
            assertThat(family.samples().stream().map(ParsedExposition.Sample::series).toList()).as(family.name())
                    .containsExactlyElementsOf(expected.samples().stream().map(ParsedExposition.Sample::series).toList());
        }
        List<String> theirOrder = new ArrayList<>(theirs.families().keySet());
        theirOrder.retainAll(ours.families().keySet());
        assertThat(new ArrayList<>(ours.families().keySet())).isEqualTo(theirOrder);
    }

    @Test
    void countedValuesAreHaproxys() {
        ParsedExposition theirs = ParsedExposition.parse(haproxyText);
        ParsedExposition ours = ParsedExposition.parse(lbgateText);
        List<String> differences = new ArrayList<>();
        for (ParsedExposition.Family family : ours.families().values()) {
            if (TIMING.contains(family.name())) {
                continue;
            }
            List<ParsedExposition.Sample> expected = theirs.family(family.name()).samples();
            for (int i = 0; i < family.samples().size() && i < expected.size(); i++) {
                ParsedExposition.Sample s = family.samples().get(i);
                if (!s.value().equals(expected.get(i).value())) {
                    differences.add(s.series());
                }
            }
        }
        assertThat(differences).as("lbgate:%n%s%nHAProxy:%n%s", lbgateText, haproxyText)
                .containsExactlyInAnyOrderElementsOf(KNOWN_DIFFERENCES);
    }

    @Test
    void theFamiliesLbgateLeavesOutAreThoseTheDocsList() throws IOException {
        Set<String> missing = new LinkedHashSet<>(ParsedExposition.parse(haproxyText).families().keySet());
        missing.removeAll(ParsedExposition.parse(lbgateText).families().keySet());
        assertThat(documentedAsLeftOut()).containsExactlyInAnyOrderElementsOf(missing);
    }

    /** The names in backquotes in docs/metrics.md's section on left-out families. */
    static Set<String> documentedAsLeftOut() throws IOException {
        String doc = Files.readString(Path.of("docs/metrics.md"));
        int start = doc.indexOf("<!-- left-out:start -->");
        int end = doc.indexOf("<!-- left-out:end -->");
        assertThat(start).as("docs/metrics.md marks its list of left-out families").isNotNegative();
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`(haproxy_[a-z0-9_]+)`").matcher(doc.substring(start, end));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void otherPathsOfTheExporterFrontendAreProxied() throws IOException {
        assertThat(get(lbgateWeb, "/metrics/not-the-exporter")).startsWith("HTTP/1.1 200").containsPattern("served by s[12]\n$");
        assertThat(get(lbgateWeb, "/metrics?x=1")).startsWith("HTTP/1.1 200").contains("# TYPE haproxy_");
    }
}
