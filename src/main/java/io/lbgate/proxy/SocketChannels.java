package io.lbgate.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;

/**
 * Creates the data plane's sockets in the address family of the address they connect to or bind.
 * Netty opens IPv6 dual-stack sockets by default, and an IPv4 peer is then reached through a
 * mapped address: one more system call when the socket is made and a longer path through the
 * kernel on every connect, which a proxy opening a server connection per request (HAProxy's
 * {@code http-server-close}) pays on every request. HAProxy opens {@code AF_INET} sockets for
 * IPv4 addresses; so do we. Netty's io_uring channels have no such choice and stay dual-stack.
 */
public final class SocketChannels {
    private SocketChannels() {
    }

    /** A new, unregistered socket of {@code type} for reaching {@code remote}. */
    public static SocketChannel forPeer(Class<? extends SocketChannel> type, InetSocketAddress remote) {
        SocketChannel channel = newForPeer(type, familyOf(remote));
        Allocation.apply(channel);
        return channel;
    }

    private static SocketChannel newForPeer(Class<? extends SocketChannel> type, SocketProtocolFamily family) {
        if (type == EpollSocketChannel.class) {
            return new EpollSocketChannel(family);
        }
        if (type == NioSocketChannel.class) {
            return new NioSocketChannel(SelectorProvider.provider(), family);
        }
        return newInstance(type);
    }

    /**
     * Registers {@code channel} with {@code loop} and connects it to {@code remote}: what
     * {@code Bootstrap.connect} does, without its per-call option map, reflective channel factory,
     * resolver lookup and deferred connect task. A proxy opening a server connection per request
     * or per session pays those on every one. Called on {@code loop}, registration is immediate.
     */
    public static ChannelFuture connect(EventLoop loop, Channel channel, InetSocketAddress remote) {
        ChannelFuture registered = loop.register(channel);
        ChannelPromise connected = channel.newPromise();
        // As Bootstrap.connect does: a refused or timed-out connect leaves the socket open otherwise
        // (one descriptor per failed attempt, retries included; found by bench/soak.sh).
        connected.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (registered.isDone()) {
            connectRegistered(channel, registered, remote, connected);
        } else {
            registered.addListener(f -> connectRegistered(channel, registered, remote, connected));
        }
        return connected;
    }

    private static void connectRegistered(Channel channel, ChannelFuture registered, InetSocketAddress remote,
            ChannelPromise connected) {
        if (registered.isSuccess()) {
            channel.connect(remote, connected);
        } else {
            channel.unsafe().closeForcibly();
            connected.setFailure(registered.cause());
        }
    }

    /** Creates listening sockets of {@code type} for binding {@code local}. */
    public static ChannelFactory<ServerSocketChannel> forBind(Class<? extends ServerSocketChannel> type,
            InetSocketAddress local) {
        SocketProtocolFamily family = familyOf(local);
        if (type == EpollServerSocketChannel.class) {
            return () -> new EpollServerSocketChannel(family);
        }
        if (type == NioServerSocketChannel.class) {
            return () -> new NioServerSocketChannel(SelectorProvider.provider(), family);
        }
        return () -> newInstance(type);
    }

    private static SocketProtocolFamily familyOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    }

    private static <T> T newInstance(Class<? extends T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a " + type.getName(), e);
        }
    }
}
