package io.lbgate.metrics;

import com.jayway.jsonpath.JsonPath;
import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.lbgate.support.SystemPackage;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/grafana-dashboard.json against lbgate through a real Prometheus (Debian's, installed by
 * .ci/run) scraping lbgate's {@code http-request use-service prometheus-exporter} endpoint: every
 * query of every panel, and every template variable, returns data. Grafana's variables are given
 * the values Grafana would send for "All" and a one-second scrape interval.
 */
class DashboardQueriesIntegrationTest {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path DASHBOARD = Path.of("docs/grafana-dashboard.json");

    @TempDir
    static Path dir;
    static NamedHttpServers servers;
    static TestGateway gateway;
    static Process prometheus;
    static int prometheusPort;
    static int web;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        SystemPackage.require(PROMETHEUS.toString(), "prometheus");
        servers = NamedHttpServers.start("s1", "s2");
        web = FreePorts.next();
        int exporter = FreePorts.next();
        gateway = TestGateway.start(dir, """
                global
                    maxconn 100
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                frontend prometheus
                    bind 127.0.0.1:%d
                    http-request use-service prometheus-exporter if { path /metrics }
                backend app
                    server s1 127.0.0.1:%d check inter 500ms
                    server s2 127.0.0.1:%d check inter 500ms
                """.formatted(web, exporter, servers.port(0), servers.port(1)));
        prometheusPort = FreePorts.next();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: lbgate
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(exporter));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
        if (gateway != null) {
            gateway.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    /** What Grafana sends in place of the dashboard's variables ("All", a 1 s scrape interval). */
    static String grafana(String expr) {
        return expr.replace("$__rate_interval", "10s").replace("$backend", ".+").replace("$frontend", ".+");
    }

    static String api(String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + prometheusPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    static int resultSize(String expr) throws Exception {
        String body = api("/api/v1/query?query=" + URLEncoder.encode(grafana(expr), StandardCharsets.UTF_8));
        List<Object> result = JsonPath.read(body, "$.data.result");
        return result.size();
    }

    @Test
    void everyQueryOfTheDashboardReturnsDataFromLbgate() throws Exception {
        String dashboard = Files.readString(DASHBOARD);
        List<String> queries = JsonPath.read(dashboard, "$.panels[*].targets[*].expr");
        assertThat(queries).hasSizeGreaterThan(30);
        List<String> variables = JsonPath.read(dashboard, "$.templating.list[?(@.type == 'query')].definition");
        assertThat(variables).hasSize(2);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            // Traffic while Prometheus watches, so that rates have something to show.
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            List<String> empty = new ArrayList<>();
            for (String query : queries) {
                if (resultSize(query) == 0) {
                    empty.add(query);
                }
            }
            assertThat(empty).as("queries without data").isEmpty();
        });
        for (String variable : variables) {
            // label_values(<metric>, <label>)
            String inside = variable.substring("label_values(".length(), variable.length() - 1);
            String metric = inside.split(",")[0].trim();
            String label = inside.split(",")[1].trim();
            List<String> values = JsonPath.read(api("/api/v1/label/" + label + "/values?match[]="
                    + URLEncoder.encode(metric, StandardCharsets.UTF_8)), "$.data");
            assertThat(values).as(variable).isNotEmpty();
        }
        assertThat(JsonPath.<List<String>>read(api("/api/v1/label/proxy/values?match[]=haproxy_backend_status"),
                "$.data")).containsExactly("app");
    }
}
