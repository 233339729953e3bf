package io.lbgate.probes;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.lbgate.dataplane.DataPlane;
import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's Actuator health as Kubernetes, keepalived and an operator see it: the probes are
 * open and say only their status; each backend is a component whose details (servers, state, last
 * check) only a stats user sees; readiness follows the data plane.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProbesIntegrationTest {
    @TempDir
    static Path dir;
    static NamedHttpServers servers;
    static TestGateway gateway;
    static int statsPort;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        servers = NamedHttpServers.start("s1");
        statsPort = FreePorts.next();
        int deadPort = FreePorts.next();
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
                    server s1 127.0.0.1:%d check inter 200ms rise 1
                    server s2 127.0.0.1:%d disabled
                backend dead
                    server d1 127.0.0.1:%d check inter 200ms fall 1
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /haproxyadmin
                    stats auth ops:s3cret
                """.formatted(FreePorts.next(), servers.port(0), servers.port(0), deadPort, statsPort));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                gateway.registry().server("dead", "d1").orElseThrow().lastCheck().status().equals("L4CON")
                        && gateway.registry().server("app", "s1").orElseThrow().lastCheck().status().equals("L4OK"));
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

    static HttpResponse<String> get(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + path));
        if (authenticated) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void probesAreOpenAndSayOnlyTheirStatus() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness", false);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
        HttpResponse<String> liveness = get("/actuator/health/liveness", false);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");
        // Backend 'dead' has no usable server, so the whole is DOWN; an anonymous caller learns no more.
        HttpResponse<String> health = get("/actuator/health", false);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"").doesNotContain("components", "details");
    }

    @Test
    @Order(2)
    void everythingElseUnderActuatorNeedsTheStatsCredentials() throws Exception {
        for (String path : new String[] {"/actuator/health/backends", "/actuator/health/backends/app",
                "/actuator/prometheus", "/actuator/info", "/actuator"}) {
            assertThat(get(path, false).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get("/actuator/prometheus", true).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void aStatsUserSeesEachBackendWithItsServersAndTheirLastCheck() throws Exception {
        HttpResponse<String> health = get("/actuator/health", true);
        assertThat(health.statusCode()).isEqualTo(503);
        DocumentContext json = JsonPath.parse(health.body());
        String app = "$.components.backends.components.app";
        assertThat(json.read(app + ".status", String.class)).isEqualTo("UP");
        assertThat(json.read(app + ".details.usableServers", Integer.class)).isEqualTo(1);
        assertThat(json.read(app + ".details.servers.s1", Map.class)).containsEntry("status", "UP")
                .containsEntry("admin", "READY").containsEntry("operational", "RUNNING").containsEntry("usable", true);
        assertThat(json.read(app + ".details.servers.s1.lastCheck.status", String.class)).isEqualTo("L4OK");
        assertThat(json.read(app + ".details.servers.s1.lastCheck.durationMillis", Integer.class)).isNotNegative();
        assertThat(json.read(app + ".details.servers.s2", Map.class)).containsEntry("status", "MAINT")
                .containsEntry("usable", false).doesNotContainKey("lastCheck");
        String dead = "$.components.backends.components.dead";
        assertThat(json.read(dead + ".status", String.class)).isEqualTo("DOWN");
        assertThat(json.read(dead + ".details.servers.d1.status", String.class)).isEqualTo("DOWN");
        assertThat(json.read(dead + ".details.servers.d1.lastCheck", Map.class))
                .containsEntry("status", "L4CON").containsEntry("info", "Connection refused");
        assertThat(get("/actuator/health/backends/app", true).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/backends/dead", true).statusCode()).isEqualTo(503);
        // The probes show their members to a stats user: readiness is Spring's state and the data plane's.
        assertThat(get("/actuator/health/readiness", true).body()).contains("\"readinessState\"", "\"serving\"");
    }

    @Test
    @Order(4)
    void readinessTurnsDownOnceTheDataPlaneStartsStopping() throws Exception {
        gateway.outcome().context().getBean(DataPlane.class).markStopping();
        HttpResponse<String> readiness = get("/actuator/health/readiness", false);
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
        assertThat(get("/actuator/health/liveness", false).statusCode()).isEqualTo(200);
    }
}
