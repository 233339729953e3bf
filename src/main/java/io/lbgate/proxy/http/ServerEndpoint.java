package io.lbgate.proxy.http;

import io.lbgate.registry.Server;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
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
    private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
    private final Map<EventLoop, Bootstrap> bootstraps = new ConcurrentHashMap<>();
    private final ChannelInitializer<SocketChannel> initializer = new ChannelInitializer<>() {
        @Override
        protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(ServerConnection.CODEC, new HttpClientCodec());
            ch.pipeline().addLast(ServerConnection.NAME, new ServerConnection(ServerEndpoint.this));
        }
    };

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
        ArrayDeque<Channel> channels = idle.get(loop);
        if (channels == null) {
            return null;
        }
        Channel channel;
        while ((channel = channels.pollLast()) != null) {
            if (channel.isActive()) {
                return channel;
            }
        }
        return null;
    }

    /** Keeps a connection whose exchange ended cleanly for the next request of this loop. */
    void returnIdle(Channel channel) {
        ArrayDeque<Channel> channels = idle.computeIfAbsent(channel.eventLoop(), loop -> new ArrayDeque<>());
        if (channels.size() >= MAX_IDLE_PER_LOOP || !channel.isActive()) {
            channel.close();
            return;
        }
        channels.addLast(channel);
    }

    /** Forgets an idle connection that the server closed. */
    void forget(Channel channel) {
        ArrayDeque<Channel> channels = idle.get(channel.eventLoop());
        if (channels != null) {
            channels.remove(channel);
        }
    }

    /** Opens a new connection on {@code loop}; {@code connectMillis} 0 means the system's timeout. */
    ChannelFuture connect(EventLoop loop, long connectMillis) {
        return bootstraps.computeIfAbsent(loop, l -> bootstrap(l, connectMillis)).connect(address);
    }

    /**
     * One bootstrap per event loop, built once: with {@code http-server-close} every request opens
     * a connection, and building the bootstrap each time was measurable.
     */
    private Bootstrap bootstrap(EventLoop loop, long connectMillis) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(initializer);
        if (connectMillis > 0) {
            bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectMillis));
        }
        return bootstrap;
    }

    /** Closes every idle connection, each on its own loop (the only thread that touches it). */
    void closeAll() {
        idle.forEach((loop, channels) -> loop.execute(() -> {
            channels.forEach(Channel::close);
            channels.clear();
        }));
    }

    @Override
    public String toString() {
        return server.backend().name() + "/" + server.name() + "@" + address;
    }
}
