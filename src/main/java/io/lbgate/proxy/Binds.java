package io.lbgate.proxy;

import io.lbgate.config.BindAddress;
import io.lbgate.config.FrontendConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ServerSocketChannel;
import reactor.netty.resources.LoopResources;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process's listening sockets, one per bind address, owned here rather than by a frontend so
 * that a reload can give a socket to the new configuration's frontend without closing it
 * ({@link Listener}). A socket opens when a configuration first names its address and closes when
 * a configuration no longer does, or at stop.
 */
public final class Binds {
    private final LoopResources loops;
    private final Map<InetSocketAddress, Listener> open = new LinkedHashMap<>(); // guarded by this

    public Binds(LoopResources loops) {
        this.loops = loops;
    }

    /**
     * Opens a socket for every bind address of {@code frontends} that has none yet, all or nothing:
     * if one cannot be bound, the ones this call opened are closed again and the exception names
     * the frontend and address. Sockets open already are left as they are. A new socket accepts
     * nothing until a frontend takes it ({@link Listener#handTo}).
     *
     * @return the addresses this call opened
     * @throws BindFailedException when an address cannot be bound
     */
    public synchronized List<InetSocketAddress> openAll(List<FrontendConfig> frontends) {
        List<InetSocketAddress> opened = new ArrayList<>();
        for (FrontendConfig frontend : frontends) {
            for (BindAddress bind : frontend.binds()) {
                InetSocketAddress address = address(bind);
                Listener already = open.get(address);
                if (already != null) {
                    already.transparent(bind);
                    continue;
                }
                try {
                    open.put(address, bind(address, bind));
                    opened.add(address);
                } catch (Exception e) {
                    // Exception, not RuntimeException: Netty rethrows the bind's checked IOException
                    // (permission denied, address in use) without declaring it.
                    close(opened);
                    throw new BindFailedException(frontend.name(), bind, e);
                }
            }
        }
        return opened;
    }

    /** The socket open on {@code bind}'s address. */
    public synchronized Listener listener(BindAddress bind) {
        Listener listener = open.get(address(bind));
        if (listener == null) {
            throw new IllegalStateException("no socket open on " + bind.display() + "; openAll first");
        }
        return listener;
    }

    /** Closes the sockets of addresses that none of {@code frontends} binds any more. */
    public synchronized void closeUnused(List<FrontendConfig> frontends) {
        Set<InetSocketAddress> used = new HashSet<>();
        frontends.forEach(f -> f.binds().forEach(b -> used.add(address(b))));
        List<InetSocketAddress> unused = new ArrayList<>(open.keySet());
        unused.removeAll(used);
        close(unused);
    }

    /** Closes every socket: nothing is accepted any more; established connections go on. */
    public synchronized void closeAll() {
        close(new ArrayList<>(open.keySet()));
    }

    /** How many sockets are open. */
    public synchronized int size() {
        return open.size();
    }

    private void close(List<InetSocketAddress> addresses) {
        for (InetSocketAddress address : addresses) {
            Listener listener = open.remove(address);
            if (listener != null) {
                listener.channel().close().syncUninterruptibly();
            }
        }
    }

    private Listener bind(InetSocketAddress address, BindAddress bind) {
        var group = loops.onServer(true);
        Class<? extends ServerSocketChannel> type = loops.onChannelClass(ServerSocketChannel.class, group);
        Listener listener = new Listener();
        ChannelFactory<ServerSocketChannel> sockets = SocketChannels.forBind(type, address);
        Channel channel = new ServerBootstrap()
                .group(loops.onServerSelect(true), group)
                .channelFactory(!bind.transparent() ? sockets : () -> {
                    // Before the bind: IP_FREEBIND, the fallback, only matters at bind time.
                    ServerSocketChannel socket = sockets.newChannel();
                    ForeignAddress.apply(socket, bind.display());
                    return socket;
                })
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // Not accepting until a frontend takes the socket (Listener#handTo).
                .option(ChannelOption.AUTO_READ, false)
                // Nothing is read before the frontend's maxconn gate admits the connection. No
                // TCP_NODELAY option: Netty sets it on every socket it makes.
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        listener.accepted(ch);
                    }
                })
                .bind(address).syncUninterruptibly().channel();
        listener.bound(channel, bind.transparent());
        return listener;
    }

    private static InetSocketAddress address(BindAddress bind) {
        return new InetSocketAddress(bind.host(), bind.port());
    }
}
