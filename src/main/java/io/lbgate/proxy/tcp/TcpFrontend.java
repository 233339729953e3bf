package io.lbgate.proxy.tcp;

import io.lbgate.proxy.AcceptGate;
import io.lbgate.proxy.ConnectionLimit;
import io.lbgate.proxy.ProxyLimits;
import io.lbgate.proxy.backend.BackendPolicy;

import io.lbgate.config.BindAddress;
import io.lbgate.config.LogSettings;
import io.lbgate.logging.AccessLog;
import io.lbgate.proxy.Binds;
import io.lbgate.proxy.Listener;
import io.lbgate.proxy.ListeningFrontend;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolDecoder;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.resources.LoopResources;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code mode tcp} frontend: every connection its bind sockets ({@link Binds}) accept becomes a
 * {@link TcpSession}, on the data plane's event loops. Plain Netty rather than Reactor Netty's
 * {@code TcpServer}: a proxied byte stream needs no operators, and a handler pair that toggles
 * auto-read on writability (Netty's HexDumpProxy pattern) moves bytes with no allocation per
 * buffer beyond the buffer itself (see docs/performance.md, "TCP mode").
 */
public final class TcpFrontend implements ListeningFrontend {
    private final Frontend frontend;
    private final Backend backend;
    private final LoopResources loops;
    private final TcpResources resources;
    private AcceptGate gate;
    private final List<Listener> listeners = new ArrayList<>();
    /** Live client connections, for a stop or a reload: counting, closing at the deadline. */
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    /** A frontend with its own resources (no process maxconn, no syslog); for tests and tools. */
    public TcpFrontend(Frontend frontend, Registry registry, LoopResources loops) {
        this(frontend, registry, loops, new TcpResources(new ProxyLimits(0), null));
    }

    public TcpFrontend(Frontend frontend, Registry registry, LoopResources loops, TcpResources resources) {
        this.frontend = frontend;
        String backendName = frontend.config().defaultBackend();
        this.backend = backendName == null ? null : registry.backend(backendName).orElse(null);
        this.loops = loops;
        this.resources = resources;
    }

    @Override
    public void start(Binds binds) {
        boolean preferNative = LoopResources.hasNativeSupport();
        EventLoopGroup group = loops.onServer(preferNative);
        gate = new AcceptGate(new ConnectionLimit(frontend.config().maxconn()), resources.process());
        SessionContext context = context(loops.onChannelClass(SocketChannel.class, group));
        for (BindAddress bind : frontend.config().binds()) {
            Listener listener = binds.listener(bind);
            listener.handTo(ch -> initSession(ch, context, bind.acceptProxy()), gate);
            listeners.add(listener);
        }
    }

    private void initSession(Channel ch, SessionContext context, boolean acceptProxy) {
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (frontend.config().tcpKeepAlive()) {
            ch.config().setOption(ChannelOption.SO_KEEPALIVE, true); // option clitcpka
        }
        if (acceptProxy) {
            ch.pipeline().addLast(ProxyProtocolDecoder.NAME, new ProxyProtocolDecoder());
        }
        ch.pipeline().addLast("lbgate.tcp", new TcpSession(context, ch, acceptProxy).clientHandler());
        clients.add(ch);
    }

    private SessionContext context(Class<? extends SocketChannel> channelClass) {
        LogSettings log = frontend.config().log();
        AccessLog accessLog = log.format() == LogSettings.Format.NONE ? null
                : new AccessLog(resources.syslog(), log.targets());
        return new SessionContext(frontend, backend == null ? null : BackendPolicy.of(backend, resources.queue(backend)),
                resources,
                gate, accessLog, log.dontLogNull(), frontend.config().timeouts(),
                backend == null ? frontend.config().timeouts() : backend.config().timeouts(), channelClass);
    }

    @Override
    public void stopAccepting() {
        listeners.forEach(listener -> listener.leave(gate));
        listeners.clear();
    }

    /** TCP sessions are not asked to end: they run until either side closes or the deadline. */
    @Override
    public void softStop() {
    }

    @Override
    public int liveConnections() {
        return clients.size();
    }

    @Override
    public void closeConnections() {
        clients.close();
    }

    @Override
    public void release() {
        if (gate != null) {
            gate.close();
        }
    }

    @Override
    public String name() {
        return frontend.name();
    }
}
