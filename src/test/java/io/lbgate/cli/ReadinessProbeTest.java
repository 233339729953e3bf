package io.lbgate.cli;

import com.sun.net.httpserver.HttpServer;
import io.lbgate.support.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessProbeTest {
    @TempDir
    Path dir;
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void findsLbgatesArgumentsInAJvmCommandLine() {
        assertThat(ReadinessProbe.gatewayArguments(List.of("-XX:SharedArchiveFile=/opt/lbgate/lbgate.jsa",
                "-jar", "/opt/lbgate/lbgate.jar", "-f", "/usr/local/etc/haproxy/haproxy.cfg")))
                .contains(List.of("-f", "/usr/local/etc/haproxy/haproxy.cfg"));
        assertThat(ReadinessProbe.gatewayArguments(List.of("-cp", "x.jar", "io.lbgate.LbgateApplication", "-f", "a.cfg")))
                .contains(List.of("-f", "a.cfg"));
        assertThat(ReadinessProbe.gatewayArguments(List.of("-jar", "other.jar", "-f", "a.cfg"))).isEqualTo(Optional.empty());
    }

    @Test
    void readyWhenTheReadinessEndpointOnTheStatsBindAnswers200() throws IOException {
        int port = serveReadiness(200, "{\"status\":\"UP\"}");

        ReadinessProbe.Verdict verdict = ReadinessProbe.probe(List.of("-f", cfg(port).toString()));

        assertThat(verdict.ready()).as(verdict.reason()).isTrue();
        assertThat(verdict.reason()).contains(":" + port + "/actuator/health/readiness answered 200");
    }

    @Test
    void notReadyWhenTheReadinessEndpointAnswers503() throws IOException {
        int port = serveReadiness(503, "{\"status\":\"OUT_OF_SERVICE\"}");

        ReadinessProbe.Verdict verdict = ReadinessProbe.probe(List.of("-f", cfg(port).toString()));

        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.reason()).contains("answered 503", "OUT_OF_SERVICE");
    }

    @Test
    void withoutAReadinessEndpointAnAnsweringStatsBindIsReady() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.start();
        int port = server.getAddress().getPort();

        ReadinessProbe.Verdict verdict = ReadinessProbe.probe(List.of("-f", cfg(port).toString()));

        assertThat(verdict.ready()).as(verdict.reason()).isTrue();
        assertThat(verdict.reason()).contains("accepts connections (no readiness endpoint");
    }

    @Test
    void notReadyWhenNothingListensOnTheStatsBind() throws IOException {
        ReadinessProbe.Verdict verdict = ReadinessProbe.probe(List.of("-f", cfg(FreePorts.next()).toString()));

        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.reason()).contains("/actuator/health/readiness", "Connection refused");
    }

    @Test
    void withoutAStatsListenerEveryFrontendMustAcceptConnections() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Path cfg = write("""
                    defaults
                        mode tcp
                        timeout connect 5s
                        timeout client 5s
                        timeout server 5s
                    frontend api
                        bind 127.0.0.1:%d
                        default_backend nodes
                    backend nodes
                        server n1 127.0.0.1:9
                    """.formatted(listening.getLocalPort()));
            assertThat(ReadinessProbe.probe(List.of("-f", cfg.toString())).ready()).isTrue();
        }
        int closed = FreePorts.next();
        Path cfg = write("""
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 5s
                    timeout server 5s
                frontend api
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    server n1 127.0.0.1:9
                """.formatted(closed));
        ReadinessProbe.Verdict verdict = ReadinessProbe.probe(List.of("-f", cfg.toString()));
        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.reason()).startsWith("frontend 'api' on 127.0.0.1:" + closed);
    }

    @Test
    void notReadyWithoutAConfigurationFileOrWithABadOne() throws IOException {
        assertThat(ReadinessProbe.probe(List.of()).reason()).contains("started without -f");
        Path bad = write("frontend web\n    bogus_keyword\n");
        ReadinessProbe.Verdict verdict = ReadinessProbe.probe(List.of("-f", bad.toString()));
        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.reason()).startsWith("cannot read").contains("bogus_keyword");
    }

    private int serveReadiness(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext(ReadinessProbe.READINESS_PATH, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (exchange; var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    private Path cfg(int statsPort) throws IOException {
        return write("""
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 5s
                    timeout server 5s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    server n1 127.0.0.1:9
                listen stats
                    bind 0.0.0.0:%d
                    stats enable
                    stats uri /stats
                """.formatted(FreePorts.next(), statsPort));
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "probe", ".cfg");
        Files.writeString(file, text);
        return file;
    }
}
