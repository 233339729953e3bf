package io.lbgate.control;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The control plane's Netty servers, one per stats bind, started and stopped as one web server:
 * they serve the same application, so Spring's lifecycle (start, graceful shutdown) applies to
 * all of them at once. If one bind fails, the ones already listening are closed again.
 */
final class ControlPlaneServers implements WebServer {
    private final List<WebServer> servers;

    ControlPlaneServers(List<WebServer> servers) {
        this.servers = List.copyOf(servers);
    }

    @Override
    public void start() throws WebServerException {
        List<WebServer> started = new ArrayList<>();
        try {
            for (WebServer server : servers) {
                server.start();
                started.add(server);
            }
        } catch (RuntimeException e) {
            started.forEach(WebServer::stop);
            throw e;
        }
    }

    @Override
    public void stop() throws WebServerException {
        servers.forEach(WebServer::stop);
    }

    /** The first bind's port: what {@code local.server.port} reports. */
    @Override
    public int getPort() {
        return servers.get(0).getPort();
    }

    /** Done when every server is; requests still active on any of them make the result so. */
    @Override
    public void shutDownGracefully(GracefulShutdownCallback callback) {
        AtomicInteger pending = new AtomicInteger(servers.size());
        AtomicReference<GracefulShutdownResult> result = new AtomicReference<>(GracefulShutdownResult.IDLE);
        for (WebServer server : servers) {
            server.shutDownGracefully(r -> {
                if (r != GracefulShutdownResult.IDLE) {
                    result.set(r);
                }
                if (pending.decrementAndGet() == 0) {
                    callback.shutdownComplete(result.get());
                }
            });
        }
    }

    @Override
    public void destroy() {
        servers.forEach(WebServer::destroy);
    }
}
