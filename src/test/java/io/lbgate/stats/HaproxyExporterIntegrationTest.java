package io.lbgate.stats;

import io.lbgate.support.SystemPackage;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Registry;
import io.lbgate.support.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's {@code prometheus-haproxy-exporter} (installed by {@code .ci/run}, not by this test)
 * scraping lbgate's {@code ;csv} as it scrapes HAProxy's: every server's state and counters come
 * out, and no row is a parse failure.
 */
class HaproxyExporterIntegrationTest {
    static final Path EXPORTER = Path.of("/usr/bin/prometheus-haproxy-exporter");

    @TempDir
    static Path dir;
    static StatsGateway gateway;
    static Process exporter;
    static int exporterPort;

    @BeforeAll
    static void start() throws Exception {
        SystemPackage.require(EXPORTER.toString(), "prometheus-haproxy-exporter");
        gateway = StatsGateway.start(dir, "");
        exporterPort = FreePorts.next();
        exporter = new ProcessBuilder(EXPORTER.toString(),
                "--haproxy.scrape-uri=http://" + StatsGateway.USER + ":" + StatsGateway.PASSWORD + "@127.0.0.1:"
                        + gateway.statsPort + "/haproxyadmin;csv",
                "--web.listen-address=127.0.0.1:" + exporterPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("exporter.log").toFile()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (exporter != null) {
            exporter.destroy();
            exporter.waitFor(10, TimeUnit.SECONDS);
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String metrics() throws Exception {
        HttpResponse<String> response = gateway.client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + exporterPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Test
    void exporterReportsEveryServerStateAndCounter() throws Exception {
        for (int i = 0; i < 4; i++) {
            gateway.viaGateway();
        }
        Registry registry = gateway.registry();
        registry.setAdminState(registry.server("app", "s2").orElseThrow(), AdminState.DRAIN, "test");
        registry.setAdminState(registry.server("app", "s3").orElseThrow(), AdminState.MAINT, "test");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            String m = metrics();
            assertThat(m).contains("haproxy_up 1",
                    "haproxy_server_up{backend=\"app\",server=\"s1\"} 1",
                    "haproxy_server_up{backend=\"app\",server=\"s2\"} 1",
                    "haproxy_server_up{backend=\"app\",server=\"s3\"} 0",
                    "haproxy_server_up{backend=\"app\",server=\"x\"} 1",
                    "haproxy_backend_up{backend=\"app\"} 1",
                    "haproxy_frontend_current_sessions{frontend=\"web\"} 0",
                    "haproxy_server_weight{backend=\"app\",server=\"s3\"} 3",
                    "haproxy_exporter_csv_parse_failures_total 0");
            assertThat(m).containsPattern("haproxy_backend_sessions_total\\{backend=\"app\"} [1-9]")
                    .containsPattern("haproxy_server_bytes_out_total\\{backend=\"app\",server=\"s1\"} \\d")
                    .containsPattern("haproxy_backend_bytes_in_total\\{backend=\"app\"} \\d")
                    .containsPattern("haproxy_frontend_http_requests_total\\{frontend=\"web\"} [1-9]");
        });
        registry.setAdminState(registry.server("app", "s2").orElseThrow(), AdminState.READY, "test");
        registry.setAdminState(registry.server("app", "s3").orElseThrow(), AdminState.READY, "test");
    }
}
