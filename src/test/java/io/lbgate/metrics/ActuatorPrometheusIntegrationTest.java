package io.lbgate.metrics;

import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} carries the exporter's families, with the same help, types, series
 * and values as the {@code /metrics} exposition, next to the JVM's and Netty's meters.
 */
class ActuatorPrometheusIntegrationTest {
    @TempDir
    static Path dir;
    static NamedHttpServers servers;
    static TestGateway gateway;
    static int web;
    static int prom;
    static int stats;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        servers = NamedHttpServers.start("s1", "s2");
        web = FreePorts.next();
        prom = FreePorts.next();
        stats = FreePorts.next();
        gateway = TestGateway.start(dir, """
                global
                    maxconn 50
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                frontend prom
                    bind 127.0.0.1:%d
                    http-request use-service prometheus-exporter if { path /metrics }
                backend app
                    server s1 127.0.0.1:%d check inter 200ms
                    server s2 127.0.0.1:%d
                    server s3 127.0.0.1:%d disabled
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /haproxyadmin
                    stats auth ops:s3cret
                """.formatted(web, prom, servers.port(0), servers.port(1), FreePorts.next(), stats));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                gateway.registry().server("app", "s1").orElseThrow().lastCheck().status().equals("L4OK"));
        for (int i = 0; i < 4; i++) {
            get("http://127.0.0.1:" + web + "/", false);
        }
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

    static HttpResponse<String> get(String uri, boolean authenticated) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri));
        if (authenticated) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A series as Prometheus sees it: the name and the labels in any order. */
    static String series(ParsedExposition.Sample s) {
        return s.name() + new TreeMap<>(s.labels());
    }

    @Test
    void theExportersFamiliesAreThereWithTheSameSeriesAndValues() throws Exception {
        ParsedExposition actuator = ParsedExposition.parse(
                get("http://127.0.0.1:" + stats + "/actuator/prometheus", true).body());
        ParsedExposition exporter = ParsedExposition.parse(get("http://127.0.0.1:" + prom + "/metrics", false).body());
        assertThat(exporter.families()).hasSizeGreaterThan(60);
        List<String> differences = new ArrayList<>();
        for (ParsedExposition.Family family : exporter.families().values()) {
            ParsedExposition.Family meters = actuator.family(family.name());
            assertThat(meters).as(family.name()).isNotNull();
            assertThat(meters.type()).as(family.name()).isEqualTo(family.type());
            assertThat(meters.help()).as(family.name()).isEqualTo(family.help());
            Map<String, String> values = new TreeMap<>();
            meters.samples().forEach(s -> values.put(series(s), s.value()));
            assertThat(values.keySet()).as(family.name())
                    .containsExactlyInAnyOrderElementsOf(family.samples().stream().map(ActuatorPrometheusIntegrationTest::series).toList());
            for (ParsedExposition.Sample s : family.samples()) {
                // The frontend serving /metrics and the stats listener serving /actuator/prometheus
                // count the scrapes themselves, between the two readings.
                boolean scrapeDependent = "prom".equals(s.labels().get("proxy")) || "stats".equals(s.labels().get("proxy"))
                        || HaproxyExporterComparisonTest.TIMING.contains(family.name());
                if (!scrapeDependent && Double.compare(Double.parseDouble(values.get(series(s))), Double.parseDouble(s.value())) != 0) {
                    differences.add(series(s) + " actuator " + values.get(series(s)) + ", /metrics " + s.value());
                }
            }
        }
        assertThat(differences).isEmpty();
        assertThat(actuator.family("haproxy_backend_http_responses_total").samples())
                .anySatisfy(s -> assertThat(s.labels()).containsEntry("proxy", "app").containsEntry("code", "2xx"));
    }

    /** The stats listener's limits do not move with scrapes: both exporters give the same ones. */
    @Test
    void theStatsListenersLimitsAreTheSameOnBoth() throws Exception {
        ParsedExposition actuator = ParsedExposition.parse(
                get("http://127.0.0.1:" + stats + "/actuator/prometheus", true).body());
        ParsedExposition exporter = ParsedExposition.parse(get("http://127.0.0.1:" + prom + "/metrics", false).body());
        for (String family : List.of("haproxy_frontend_limit_sessions", "haproxy_backend_limit_sessions")) {
            Map<String, String> ours = new TreeMap<>();
            exporter.family(family).samples().stream().filter(s -> "stats".equals(s.labels().get("proxy")))
                    .forEach(s -> ours.put(series(s), s.value()));
            Map<String, String> meters = new TreeMap<>();
            actuator.family(family).samples().stream().filter(s -> "stats".equals(s.labels().get("proxy")))
                    .forEach(s -> meters.put(series(s), s.value()));
            assertThat(ours).as(family).hasSize(1);
            assertThat(ours.values()).as(family).allMatch(v -> Double.parseDouble(v) > 0);
            assertThat(ours.keySet()).as(family).isEqualTo(meters.keySet());
            ours.forEach((k, v) -> assertThat(Double.parseDouble(meters.get(k))).as(k).isEqualTo(Double.parseDouble(v)));
        }
    }

    @Test
    void theJvmAndNettyMetersAreThereToo() throws Exception {
        ParsedExposition actuator = ParsedExposition.parse(
                get("http://127.0.0.1:" + stats + "/actuator/prometheus", true).body());
        assertThat(actuator.families().keySet()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads")
                .anyMatch(name -> name.startsWith("netty_allocator_"));
    }
}
