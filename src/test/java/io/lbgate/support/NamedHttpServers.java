package io.lbgate.support;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.util.ArrayList;
import java.util.List;

/** Real HTTP servers on loopback ephemeral ports, each answering with its own name. */
public final class NamedHttpServers implements AutoCloseable {
    private final List<DisposableServer> servers = new ArrayList<>();
    private final List<String> names;

    private NamedHttpServers(List<String> names) {
        this.names = List.copyOf(names);
    }

    public static NamedHttpServers start(String... names) {
        NamedHttpServers result = new NamedHttpServers(List.of(names));
        for (String name : names) {
            result.servers.add(HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .handle((req, res) -> res.header("X-Served-By", name)
                            .sendString(Mono.just("served by " + name + "\n")))
                    .bindNow());
        }
        return result;
    }

    public int port(int index) {
        return servers.get(index).port();
    }

    public String name(int index) {
        return names.get(index);
    }

    public int size() {
        return servers.size();
    }

    @Override
    public void close() {
        servers.forEach(DisposableServer::disposeNow);
    }
}
