package io.lbgate.proxy.http;

import io.lbgate.registry.Backend;
import io.lbgate.registry.Server;
import io.netty.channel.socket.SocketChannel;

import java.util.IdentityHashMap;
import java.util.Map;

/** The endpoints of one backend's servers, built when the frontend starts and never changed after. */
final class ServerEndpoints {
    private final Map<Server, ServerEndpoint> byServer = new IdentityHashMap<>();

    ServerEndpoints(Backend backend, Class<? extends SocketChannel> channelClass) {
        if (backend != null) {
            for (Server server : backend.servers()) {
                byServer.put(server, new ServerEndpoint(server, channelClass));
            }
        }
    }

    ServerEndpoint of(Server server) {
        return byServer.get(server);
    }

    void closeAll() {
        byServer.values().forEach(ServerEndpoint::closeAll);
    }
}
