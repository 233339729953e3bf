package io.lbgate;

import io.lbgate.support.TestGateway;
import io.lbgate.cli.Launcher;
import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole gateway started the way an operator starts it, {@code -f haproxy.cfg}, in front of
 * real servers on loopback: both frontends proxy in roundrobin order and the stats page asks for
 * the configured credentials.
 */
class HaproxyCfgGatewayIntegrationTest {
    @TempDir
    static Path dir;

    private static NamedHttpServers servers;
    private static Launcher.Outcome gateway;
    private static int httpPort;
    private static int tcpPort;
    private static int statsPort;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        servers = NamedHttpServers.start("s1", "s2", "s3");
        httpPort = FreePorts.next();
        tcpPort = FreePorts.next();
        statsPort = FreePorts.next();
        String serverLines = "";
        for (int i = 0; i < servers.size(); i++) {
            serverLines += "    server " + servers.name(i) + " 127.0.0.1:" + servers.port(i) + "\n";
        }
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
                    default_backend nodes
                frontend api
                    mode tcp
                    bind 127.0.0.1:%d
                    default_backend api_nodes
                backend nodes
                    balance roundrobin
                %s
                backend api_nodes
                    mode tcp
                %s
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /haproxyamdin
                    stats realm Haproxy
                    stats auth ops:s3cret
                """.formatted(httpPort, tcpPort, serverLines, serverLines, statsPort));
        gateway = TestGateway.launch(cfg);
    }

    @AfterAll
    static void stop() {
        if (gateway != null && gateway.started()) {
            gateway.context().close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void httpFrontendBalancesRequestsInRoundRobinOrder() throws Exception {
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/any?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            servedBy.add(response.headers().firstValue("X-Served-By").orElseThrow());
            assertThat(response.body()).isEqualTo("served by " + servedBy.get(i) + "\n");
        }
        assertThat(servedBy).containsExactly("s1", "s2", "s3", "s1", "s2", "s3");
    }

    @Test
    void tcpFrontendPipesBytesToAServer() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tcpPort)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").containsPattern("served by s[123]\n$");
        }
    }

    @Test
    void statsPageAsksForTheConfiguredRealmAndAcceptsTheConfiguredUser() throws Exception {
        URI page = URI.create("http://127.0.0.1:" + statsPort + "/haproxyamdin");
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(page).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Haproxy\"");

        String credentials = Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page200 = client.send(HttpRequest.newBuilder(page)
                .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page200.statusCode()).isEqualTo(200);
        assertThat(page200.body()).contains(">s1<", ">s2<", ">s3<", ">nodes<", ">web<");

        String wrong = Base64.getEncoder().encodeToString("ops:wrong".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> rejected = client.send(HttpRequest.newBuilder(page)
                .header("Authorization", "Basic " + wrong).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rejected.statusCode()).isEqualTo(401);
    }

    @Test
    void healthIsOpenForProbes() throws Exception {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + statsPort + "/actuator/health/liveness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }
}
