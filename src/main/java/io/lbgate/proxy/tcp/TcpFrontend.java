package io.lbgate.proxy.tcp;

import io.lbgate.proxy.AcceptGate;
import io.lbgate.proxy.ConnectionLimit;
import io.lbgate.proxy.ProxyLimits;
import io.lbgate.proxy.backend.BackendPolicy;

import io.lbgate.config.BindAddress;
import io.lbgate.config.LogSettings;
import io.lbgate.logging.AccessLog;
import io.lbgate.proxy.Binds;
import io.lbgate.proxy.ListeningFrontend;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolDecoder;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;

import java.util.List;

/**
 * A {@code mode tcp} frontend: a plain Netty server on the data plane's event loops whose every
 * connection becomes a {@link TcpSession}. Plain Netty rather than Reactor Netty's
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
    private List<DisposableServer> servers = List.of();

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
    public void start() {
        boolean preferNative = LoopResources.hasNativeSupport();
        EventLoopGroup group = loops.onServer(preferNative);
        gate = new AcceptGate(new ConnectionLimit(frontend.config().maxconn()), resources.process());
        SessionContext context = context(loops.onChannelClass(SocketChannel.class, group));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.onServerSelect(preferNative), group)
                .channel(loops.onChannelClass(ServerSocketChannel.class, group))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true);
        if (frontend.config().tcpKeepAlive()) {
            bootstrap.childOption(ChannelOption.SO_KEEPALIVE, true); // option clitcpka
        }
        servers = Binds.bindAll(frontend.name(), frontend.config().binds(), bind -> {
            Channel listener = bootstrap.clone()
                    .childHandler(initializer(context, bind))
                    .bind(bind.host(), bind.port())
                    .syncUninterruptibly()
                    .channel();
            gate.addListener(listener);
            return () -> listener;
        });
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

    private static ChannelInitializer<Channel> initializer(SessionContext context, BindAddress bind) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (bind.acceptProxy()) {
                    ch.pipeline().addLast(ProxyProtocolDecoder.NAME, new ProxyProtocolDecoder());
                }
                ch.pipeline().addLast("lbgate.tcp", new TcpSession(context, ch, bind.acceptProxy()).clientHandler());
            }
        };
    }

    @Override
    public void stop() {
        servers.forEach(DisposableServer::disposeNow);
        servers = List.of();
        if (gate != null) {
            gate.close();
        }
    }

    @Override
    public String name() {
        return frontend.name();
    }
}
