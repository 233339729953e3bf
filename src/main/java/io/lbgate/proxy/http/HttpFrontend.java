package io.lbgate.proxy.http;

import io.lbgate.config.BindAddress;
import io.lbgate.proxy.AcceptGate;
import io.lbgate.proxy.BindFailedException;
import io.lbgate.proxy.ConnectionLimit;
import io.lbgate.proxy.ProxyLimits;
import io.lbgate.proxy.SocketChannels;
import io.lbgate.logging.SyslogSender;
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
import io.netty.handler.codec.http.HttpDecoderConfig;
import reactor.netty.resources.LoopResources;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code mode http} frontend: a Netty server on each bind whose connections go straight to a
 * {@link FrontendConnection}, on the data plane's event loops. It uses Netty directly rather than
 * Reactor Netty's HttpServer and HttpClient: a proxy that keeps each request and its server
 * connection on one event loop, with no reactive operators in between, does about twice the
 * requests per core (measured with ../shared/bench).
 */
public final class HttpFrontend implements ListeningFrontend {
    /** HAProxy's default buffer is 16 KiB; a request line or header block larger than that is refused. */
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024)
            .setMaxHeaderSize(16 * 1024)
            .setAllowDuplicateContentLengths(true);

    private final Frontend frontend;
    private final EventLoopGroup group;
    private final Class<? extends ServerSocketChannel> serverChannelClass;
    private final ServerEndpoints endpoints;
    private final HttpProxySettings settings;
    private final List<Channel> listeners = new ArrayList<>();
    private final ProxyLimits limits;
    /** {@code http-request use-service prometheus-exporter}; {@code null} when the frontend has none. */
    private final PrometheusExporterHandler.Factory prometheus;
    private AcceptGate gate;

    /**
     * @param syslog the data plane's shared syslog sender, {@code null} for none
     * @param limits the data plane's process maxconn and backend queues
     */
    public HttpFrontend(Frontend frontend, Registry registry, LoopResources loops, SyslogSender syslog,
            ProxyLimits limits) {
        this.frontend = frontend;
        this.group = loops.onServer(true);
        this.serverChannelClass = loops.onChannelClass(ServerSocketChannel.class, group);
        String backendName = frontend.config().defaultBackend();
        Backend backend = backendName == null ? null : registry.backend(backendName).orElse(null);
        this.endpoints = new ServerEndpoints(backend, loops.onChannelClass(SocketChannel.class, group));
        this.settings = HttpProxySettings.of(frontend, backend, syslog,
                () -> registry.frontends().stream().mapToLong(f -> f.counters().currentSessions()).sum(),
                backend == null ? null : limits.queue(backend));
        this.limits = limits;
        this.prometheus = PrometheusExporterHandler.factory(frontend, registry, limits.process().max());
    }

    @Override
    public void start() {
        gate = new AcceptGate(new ConnectionLimit(frontend.config().maxconn()), limits.process());
        for (BindAddress bind : frontend.config().binds()) {
            try {
                InetSocketAddress local = new InetSocketAddress(bind.host(), bind.port());
                Channel listener = bootstrap(local, bind.acceptProxy()).bind(local).syncUninterruptibly().channel();
                listeners.add(listener);
                gate.addListener(listener);
            } catch (RuntimeException e) {
                stop();
                throw new BindFailedException(frontend.name(), bind, e);
            }
        }
    }

    private ServerBootstrap bootstrap(InetSocketAddress local, boolean acceptProxy) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channelFactory(SocketChannels.forBind(serverChannelClass, local))
                // No TCP_NODELAY option: Netty sets it on every socket it makes, and asking again
                // is one more system call per connection.
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // Nothing is read before the maxconn gate admits the connection.
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        FrontendConnection connection = new FrontendConnection(settings, endpoints, gate);
                        if (acceptProxy) {
                            // Reads the PROXY header, then leaves: the client address is the header's.
                            ch.pipeline().addLast(ProxyProtocolDecoder.NAME, new ProxyProtocolDecoder());
                        }
                        ch.pipeline().addLast(ByteCounter.NAME, new ByteCounter(connection));
                        ch.pipeline().addLast(ProxyServerCodec.NAME, new ProxyServerCodec(DECODER));
                        if (prometheus != null) {
                            ch.pipeline().addLast(PrometheusExporterHandler.NAME, prometheus.newHandler());
                        }
                        ch.pipeline().addLast(FrontendConnection.NAME, connection);
                    }
                });
        if (frontend.config().tcpKeepAlive()) {
            // option clitcpka; set only when asked, since every child option is a system call per connection.
            bootstrap.childOption(ChannelOption.SO_KEEPALIVE, true);
        }
        return bootstrap;
    }

    @Override
    public void stop() {
        listeners.forEach(channel -> channel.close().syncUninterruptibly());
        listeners.clear();
        if (gate != null) {
            gate.close();
        }
        endpoints.closeAll();
    }

    @Override
    public String name() {
        return frontend.name();
    }
}
