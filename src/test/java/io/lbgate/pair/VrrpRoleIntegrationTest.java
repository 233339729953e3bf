package io.lbgate.pair;

import io.lbgate.support.FreePorts;
import io.lbgate.support.SystemPackage;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
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
 * What keepalived's notify script tells lbgate, and where the role shows: {@code /lbgate/vrrp} on the
 * stats listener (a stats user required), the {@code pair} health component (never in readiness),
 * {@code lbgate_vrrp_role} in {@code /actuator/prometheus}, and the stats page's header.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VrrpRoleIntegrationTest {
    @TempDir
    static Path dir;
    static TestGateway gateway;
    static int statsPort;
    static final HttpClient client = HttpClient.newHttpClient();
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void start() throws Exception {
        statsPort = FreePorts.next();
        gateway = TestGateway.start(dir, """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /haproxyadmin
                    stats auth admin:secret
                    stats admin if TRUE
                """.formatted(FreePorts.next(), FreePorts.next(), statsPort));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    @Order(1)
    void beforeAnyReportTheRoleIsUnknown() throws Exception {
        assertThat(get("/lbgate/vrrp", ADMIN).body()).contains("\"role\":\"UNKNOWN\"").contains("\"node\":");
        assertThat(get("/actuator/health/pair", ADMIN).body()).contains("\"status\":\"UP\"").contains("\"role\":\"UNKNOWN\"");
    }

    @Test
    @Order(2)
    void aReportNeedsAStatsUser() throws Exception {
        assertThat(post("state=MASTER&type=INSTANCE&name=VI_1&priority=100", null).statusCode()).isEqualTo(401);
        assertThat(post("state=MASTER", "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes())).statusCode())
                .isEqualTo(401);
        assertThat(get("/lbgate/vrrp", ADMIN).body()).contains("\"role\":\"UNKNOWN\"");
    }

    @Test
    @Order(3)
    void aBadReportIsRefusedSayingWhy() throws Exception {
        HttpResponse<String> bad = post("state=PRIMARY&type=INSTANCE&name=VI_1&priority=100", ADMIN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("state: 'PRIMARY' (expected: MASTER, BACKUP, FAULT or STOP)\n");
        HttpResponse<String> priority = post("state=MASTER&priority=high", ADMIN);
        assertThat(priority.statusCode()).isEqualTo(400);
        assertThat(priority.body()).startsWith("priority: 'high'");
        assertThat(get("/lbgate/vrrp", ADMIN).body()).contains("\"role\":\"UNKNOWN\"");
    }

    @Test
    @Order(4)
    void masterThenBackupShowInHealthMetricsAndTheStatsPage() throws Exception {
        assertThat(post("type=INSTANCE&name=VI_1&state=MASTER&priority=100", ADMIN).statusCode()).isEqualTo(204);
        assertThat(get("/lbgate/vrrp", ADMIN).body()).contains("\"role\":\"MASTER\"").contains("\"instance\":\"VI_1\"")
                .contains("\"priority\":100");
        assertThat(get("/actuator/prometheus", ADMIN).body())
                .containsPattern("lbgate_vrrp_role\\{node=\"[^\"]+\",role=\"MASTER\"} 1")
                .containsPattern("lbgate_vrrp_role\\{node=\"[^\"]+\",role=\"BACKUP\"} 0");
        assertThat(get("/haproxyadmin", ADMIN).body()).contains("VRRP MASTER");

        assertThat(post("type=INSTANCE&name=VI_1&state=BACKUP&priority=80", ADMIN).statusCode()).isEqualTo(204);
        assertThat(get("/actuator/health/pair", ADMIN).body()).contains("\"role\":\"BACKUP\"").contains("\"priority\":80");
        assertThat(get("/actuator/prometheus", ADMIN).body())
                .containsPattern("lbgate_vrrp_role\\{node=\"[^\"]+\",role=\"BACKUP\"} 1")
                .containsPattern("lbgate_vrrp_role\\{node=\"[^\"]+\",role=\"MASTER\"} 0");
        assertThat(get("/haproxyadmin", ADMIN).body()).contains("VRRP BACKUP");
    }

    @Test
    @Order(5)
    void aBackupNodeIsStillReady() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
    }

    @Test
    @Order(6)
    void theShippedNotifyScriptReportsWithANetrcAndFailsSayingWhy() throws Exception {
        SystemPackage.require("/usr/bin/curl", "curl");
        Path script = dir.resolve("lbgate-vrrp-notify");
        try (InputStream in = NotifyScript.class.getResourceAsStream(NotifyScript.RESOURCE)) {
            Files.copy(in, script);
        }
        Path netrc = Files.writeString(dir.resolve("notify.netrc"), "machine 127.0.0.1 login admin password secret\n");
        Path wrong = Files.writeString(dir.resolve("wrong.netrc"), "machine 127.0.0.1 login admin password wrong\n");
        String url = "http://127.0.0.1:" + statsPort;

        Process ok = new ProcessBuilder("sh", script.toString(), url, netrc.toString(), "INSTANCE", "VI_1", "FAULT", "0")
                .redirectErrorStream(true).start();
        assertThat(ok.waitFor()).as(new String(ok.getInputStream().readAllBytes())).isZero();
        assertThat(get("/lbgate/vrrp", ADMIN).body()).contains("\"role\":\"FAULT\"");

        Process refused = new ProcessBuilder("sh", script.toString(), url, wrong.toString(), "INSTANCE", "VI_1", "MASTER", "100")
                .redirectErrorStream(true).start();
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor()).isEqualTo(1);
        assertThat(output).contains("answered '401' to INSTANCE VI_1 MASTER 100");
        assertThat(get("/lbgate/vrrp", ADMIN).body()).contains("\"role\":\"FAULT\"");
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String form, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/lbgate/vrrp"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
