package io.lbgate.proxy.http;

import io.lbgate.config.BackendConfig;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.ServerConfig;
import io.lbgate.registry.Server;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HTTP client per server, each with its own bounded connection pool, so that keep-alive
 * connections are reused per server (HAProxy 2.x's default) and one slow server cannot take
 * another's connections. With {@code http-server-close} or {@code httpclose} the client asks for
 * {@code Connection: close} and the pool holds nothing.
 */
final class ServerClients {
    /** Upper bound of pooled connections to one server when its {@code maxconn} is unlimited. */
    private static final int DEFAULT_POOL_SIZE = 1024;

    private final LoopResources loops;
    private final Map<Server, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<Server, ConnectionProvider> providers = new ConcurrentHashMap<>();

    ServerClients(LoopResources loops) {
        this.loops = loops;
    }

    HttpClient forServer(Server server) {
        return clients.computeIfAbsent(server, this::create);
    }

    private HttpClient create(Server server) {
        ServerConfig config = server.config();
        BackendConfig backend = server.backend().config();
        int size = config.maxconn() > 0 ? config.maxconn() : DEFAULT_POOL_SIZE;
        ConnectionProvider provider = ConnectionProvider.builder("lbgate-" + backend.name() + "-" + config.name())
                .maxConnections(size)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        providers.put(server, provider);
        HttpClient client = HttpClient.create(provider)
                .runOn(loops)
                .remoteAddress(() -> InetSocketAddress.createUnresolved(config.host(), config.port()))
                .keepAlive(backend.connectionMode() == HttpConnectionMode.KEEP_ALIVE);
        Duration connect = backend.timeouts().connect();
        if (connect != null) {
            client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connect.toMillis()));
        }
        return client;
    }

    void dispose() {
        providers.values().forEach(p -> p.disposeLater().block(Duration.ofSeconds(5)));
        providers.clear();
        clients.clear();
    }
}
