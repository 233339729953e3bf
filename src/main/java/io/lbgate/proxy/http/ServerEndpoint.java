package io.lbgate.proxy.http;

import io.lbgate.registry.Server;
import io.lbgate.proxy.SocketChannels;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server as the HTTP data plane reaches it: its resolved address and its idle keep-alive
 * connections. Idle connections are kept per event loop and only touched from that loop, so taking
 * or returning one needs no lock, and a request is always served by a server connection on the
 * same thread as its client connection.
 */
final class ServerEndpoint {
    /** Idle connections kept per event loop; beyond it a returned connection is closed. */
    private static final int MAX_IDLE_PER_LOOP = 256;

    private final Server server;
    private final InetSocketAddress address;
    private final Class<? extends SocketChannel> channelClass;
    private final Map<EventLoop, IdleConnections> idle = new ConcurrentHashMap<>();

    ServerEndpoint(Server server, Class<? extends SocketChannel> channelClass) {
        this.server = server;
        // Resolved once, when the frontend starts: a name lookup on the event loop would block it.
        this.address = new InetSocketAddress(server.config().host(), server.config().port());
        this.channelClass = channelClass;
    }

    Server server() {
        return server;
    }

    /** The most recently used idle connection of this loop that is still open, or {@code null}. */
    Channel takeIdle(EventLoop loop) {
        IdleConnections connections = idle.get(loop);
        return connections == null ? null : connections.take();
    }

    /** Keeps a connection whose exchange ended cleanly for the next request of this loop. */
    void returnIdle(Channel channel) {
        idle.computeIfAbsent(channel.eventLoop(), loop -> new IdleConnections(loop, MAX_IDLE_PER_LOOP)).put(channel);
    }

    /** Forgets an idle connection that the server closed. */
    void forget(Channel channel) {
        IdleConnections connections = idle.get(channel.eventLoop());
        if (connections != null) {
            connections.remove(channel);
        }
    }

    /**
     * Opens a new connection on {@code loop}; {@code connectMillis} 0 means the system's timeout.
     * With {@code http-server-close} every request opens a connection, hence no Bootstrap
     * ({@link SocketChannels#connect}). Netty enables {@code TCP_NODELAY} on new sockets by itself; HAProxy sets
     * no {@code SO_KEEPALIVE} on server connections unless told to ({@code option srvtcpka}), nor do we.
     */
    ChannelFuture connect(EventLoop loop, long connectMillis) {
        SocketChannel channel = SocketChannels.forPeer(channelClass, address);
        if (connectMillis > 0) {
            channel.config().setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, connectMillis));
        }
        if (server.backend().config().tcpKeepAlive()) {
            channel.config().setOption(ChannelOption.SO_KEEPALIVE, true); // option srvtcpka
        }
        channel.pipeline().addLast(ServerConnection.CODEC, new ProxyClientCodec());
        channel.pipeline().addLast(ServerConnection.NAME, new ServerConnection(this));
        return SocketChannels.connect(loop, channel, address);
    }

    /** Closes every idle connection, each on its own loop (the only thread that touches it). */
    void closeAll() {
        idle.forEach((loop, connections) -> loop.execute(connections::closeAll));
    }

    @Override
    public String toString() {
        return server.backend().name() + "/" + server.name() + "@" + address;
    }
}
