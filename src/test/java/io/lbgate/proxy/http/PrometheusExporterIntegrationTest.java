package io.lbgate.proxy.http;

import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter's handler in front of the proxying connection: scrapes are answered, other requests
 * proxied, and answers keep the order of pipelined requests.
 */
class PrometheusExporterIntegrationTest {
    @TempDir
    static Path dir;
    static NamedHttpServers servers;
    static TestGateway gateway;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        servers = NamedHttpServers.start("s1");
        port = FreePorts.next();
        gateway = TestGateway.start(dir, """
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
                    server s1 127.0.0.1:%d
                """.formatted(port, servers.port(0)));
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

    static String exchange(String requests) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aScrapeIsAnsweredAndClosesTheConnection() throws IOException {
        String answer = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("content-type: text/plain; version=0.0.4\r\n", "connection: close\r\n",
                        "cache-control: no-cache\r\n")
                .contains("# TYPE haproxy_server_status gauge\n",
                        "haproxy_server_status{proxy=\"app\",server=\"s1\",state=\"UP\"} 1\n");
    }

    @Test
    void aScrapePipelinedBehindAProxiedRequestIsAnsweredAfterIt() throws IOException {
        String answer = exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n");
        int proxied = answer.indexOf("served by s1\n");
        int scrape = answer.indexOf("# HELP haproxy_");
        assertThat(proxied).isPositive();
        assertThat(scrape).isGreaterThan(proxied);
    }

    @Test
    void aHeadScrapeHasNoBodyAndAPostedBodyIsDropped() throws IOException {
        String head = exchange("HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
        String post = exchange("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(post).startsWith("HTTP/1.1 200 OK\r\n").contains("# TYPE haproxy_frontend_http_requests_total");
    }

    @Test
    void otherPathsAreProxied() throws IOException {
        assertThat(exchange("GET /metricsx?a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n").endsWith("served by s1\n");
        assertThat(PrometheusExporterHandler.path("http://h:1/metrics?x")).isEqualTo("/metrics");
        assertThat(PrometheusExporterHandler.path("/metrics?x")).isEqualTo("/metrics");
    }
}
