package io.lbgate.proxy.http;

import io.lbgate.proxy.Binds;
import io.lbgate.proxy.ListeningFrontend;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import java.util.List;

/**
 * A {@code mode http} frontend: a Reactor Netty {@link HttpServer} on each bind whose every request
 * goes straight to {@link HttpProxyHandler}, without Spring's dispatcher, codecs or filters.
 */
public final class HttpFrontend implements ListeningFrontend {
    private final Frontend frontend;
    private final LoopResources loops;
    private final ServerClients clients;
    private final HttpProxyHandler handler;
    private List<DisposableServer> servers = List.of();

    public HttpFrontend(Frontend frontend, Registry registry, LoopResources loops) {
        this.frontend = frontend;
        this.loops = loops;
        this.clients = new ServerClients(loops);
        String backendName = frontend.config().defaultBackend();
        Backend backend = backendName == null ? null : registry.backend(backendName).orElse(null);
        this.handler = new HttpProxyHandler(frontend, backend, clients);
    }

    @Override
    public void start() {
        servers = Binds.bindAll(frontend.name(), frontend.config().binds(), bind -> HttpServer.create()
                .runOn(loops)
                .host(bind.host())
                .port(bind.port())
                .handle(handler)
                .bindNow());
    }

    @Override
    public void stop() {
        servers.forEach(DisposableServer::disposeNow);
        servers = List.of();
        clients.dispose();
    }

    @Override
    public String name() {
        return frontend.name();
    }
}
