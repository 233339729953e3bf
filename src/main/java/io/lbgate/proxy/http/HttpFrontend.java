package io.lbgate.proxy.http;

import io.lbgate.config.BindAddress;
import io.lbgate.proxy.AcceptGate;
import io.lbgate.proxy.ConnectionLimit;
import io.lbgate.proxy.ProxyLimits;
import io.lbgate.logging.SyslogSender;
import io.lbgate.proxy.Binds;
import io.lbgate.proxy.Listener;
import io.lbgate.proxy.ListeningFrontend;
import io.lbgate.proxy.SoftStop;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolDecoder;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.resources.LoopResources;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code mode http} frontend: the connections its bind sockets ({@link Binds}) accept go straight
 * to a {@link FrontendConnection}, on the data plane's event loops. It uses Netty directly rather than
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
    private static final RequestDecoderPool DECODERS = new RequestDecoderPool(DECODER);

    private final Frontend frontend;
    private final ServerEndpoints endpoints;
    private final HttpProxySettings settings;
    private final List<Listener> listeners = new ArrayList<>();
    /** Live client connections, for a stop or a reload: SoftStop, counting, closing at the deadline. */
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
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
        EventLoopGroup group = loops.onServer(true);
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
    public void start(Binds binds) {
        gate = new AcceptGate(new ConnectionLimit(frontend.config().maxconn()), limits.process());
        for (BindAddress bind : frontend.config().binds()) {
            Listener listener = binds.listener(bind);
            boolean acceptProxy = bind.acceptProxy();
            listener.handTo(ch -> initConnection(ch, acceptProxy), gate);
            listeners.add(listener);
        }
    }

    private void initConnection(Channel ch, boolean acceptProxy) {
        if (frontend.config().tcpKeepAlive()) {
            // option clitcpka; set only when asked, since every socket option is a system call per connection.
            ch.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        }
        FrontendConnection connection = new FrontendConnection(settings, endpoints, gate);
        if (acceptProxy) {
            // Reads the PROXY header, then leaves: the client address is the header's.
            ch.pipeline().addLast(ProxyProtocolDecoder.NAME, new ProxyProtocolDecoder());
        }
        ch.pipeline().addLast(ProxyServerCodec.NAME, new ProxyServerCodec(DECODERS, connection));
        if (prometheus != null) {
            ch.pipeline().addLast(PrometheusExporterHandler.NAME, prometheus.newHandler());
        }
        ch.pipeline().addLast(FrontendConnection.NAME, connection);
        clients.add(ch); // after the pipeline: a SoftStop fired now finds the connection's handler
    }

    @Override
    public void stopAccepting() {
        listeners.forEach(listener -> listener.leave(gate));
        listeners.clear();
    }

    @Override
    public void softStop() {
        clients.forEach(ch -> ch.pipeline().fireUserEventTriggered(SoftStop.INSTANCE));
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
        endpoints.closeAll();
    }

    @Override
    public String name() {
        return frontend.name();
    }
}
