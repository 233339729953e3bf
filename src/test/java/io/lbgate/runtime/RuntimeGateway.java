package io.lbgate.runtime;

import io.lbgate.admin.AuditLog;
import io.lbgate.registry.Registry;
import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.lbgate.support.TestGateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * lbgate started from a haproxy.cfg with a runtime API socket per level, a TCP one, and backend
 * {@code app}: checked {@code s1}, unchecked {@code s2}, backup {@code s3} of weight 3, all real
 * HTTP servers on loopback. {@link #cfg} is the file HAProxy gets too in the comparison tests.
 */
final class RuntimeGateway implements AutoCloseable {
    final NamedHttpServers servers;
    final TestGateway gateway;
    final Path dir;
    final int httpPort;
    final int statsPort;
    final int tcpPort;
    private final HttpClient client = HttpClient.newHttpClient();

    private RuntimeGateway(NamedHttpServers servers, TestGateway gateway, Path dir, int httpPort, int statsPort,
                           int tcpPort) {
        this.servers = servers;
        this.gateway = gateway;
        this.dir = dir;
        this.httpPort = httpPort;
        this.statsPort = statsPort;
        this.tcpPort = tcpPort;
    }

    /** {@code global} gets {@code extraGlobal} lines (a timeout, a maxconn). */
    static RuntimeGateway start(Path dir, String extraGlobal) throws IOException {
        NamedHttpServers servers = NamedHttpServers.start("s1", "s2", "s3");
        int httpPort = FreePorts.next();
        int statsPort = FreePorts.next();
        int tcpPort = FreePorts.next();
        try {
            TestGateway gateway = TestGateway.start(dir, cfg(dir, extraGlobal, servers, httpPort, statsPort, tcpPort));
            return new RuntimeGateway(servers, gateway, dir, httpPort, statsPort, tcpPort);
        } catch (RuntimeException | Error e) {
            servers.close();
            throw e;
        }
    }

    static String cfg(Path dir, String extraGlobal, NamedHttpServers servers, int httpPort, int statsPort,
                      int tcpPort) {
        return """
                global
                    stats socket %s mode 600 level admin
                    stats socket %s level operator
                    stats socket %s level user
                    stats socket 127.0.0.1:%d level admin
                %s
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d check inter 1s
                    server s2 127.0.0.1:%d
                    server s3 127.0.0.1:%d backup weight 3
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /s
                """.formatted(dir.resolve("admin.sock"), dir.resolve("oper.sock"), dir.resolve("user.sock"),
                tcpPort, extraGlobal.indent(4), httpPort, servers.port(0), servers.port(1), servers.port(2),
                statsPort);
    }

    Path admin() {
        return dir.resolve("admin.sock");
    }

    Path operator() {
        return dir.resolve("oper.sock");
    }

    Path user() {
        return dir.resolve("user.sock");
    }

    Registry registry() {
        return gateway.registry();
    }

    AuditLog audit() {
        return gateway.outcome().context().getBean(AuditLog.class);
    }

    String csv() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort
                + "/s;csv")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    int viaGateway() throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Override
    public void close() {
        gateway.close();
        servers.close();
    }
}
