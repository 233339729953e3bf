package io.lbgate.proxy.tcp;

import io.lbgate.balance.PickContext;
import io.lbgate.proxy.Binds;
import io.lbgate.proxy.ListeningFrontend;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A {@code mode tcp} frontend: each accepted connection gets a server from the backend's balancer
 * and the bytes are piped both ways. Each direction writes a buffer before asking for the next,
 * so a slow reader slows the writer instead of filling memory.
 */
public final class TcpFrontend implements ListeningFrontend {
    private final Frontend frontend;
    private final Backend backend;
    private final LoopResources loops;
    private List<DisposableServer> servers = List.of();

    public TcpFrontend(Frontend frontend, Registry registry, LoopResources loops) {
        this.frontend = frontend;
        String backendName = frontend.config().defaultBackend();
        this.backend = backendName == null ? null : registry.backend(backendName).orElse(null);
        this.loops = loops;
    }

    @Override
    public void start() {
        servers = Binds.bindAll(frontend.name(), frontend.config().binds(), bind -> TcpServer.create()
                .runOn(loops)
                .host(bind.host())
                .port(bind.port())
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .doOnConnection(c -> c.addHandlerLast(EndOfStream.NAME, EndOfStream.HANDLER))
                .handle(this::proxy)
                .bindNow());
    }

    private Mono<Void> proxy(NettyInbound in, NettyOutbound out) {
        InetSocketAddress client = clientAddress(in);
        Server server = backend == null ? null : backend.pick(PickContext.of(client == null ? null : client.getAddress()));
        if (server == null) {
            return Mono.empty();
        }
        server.sessionStarted();
        backend.counters().sessionStarted();
        return TcpClient.create(ConnectionProvider.newConnection())
                .runOn(loops)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .doOnConnected(c -> c.addHandlerLast(EndOfStream.NAME, EndOfStream.HANDLER))
                .remoteAddress(() -> InetSocketAddress.createUnresolved(server.config().host(), server.config().port()))
                .connect()
                .flatMap(upstream -> pipe(in, out, upstream))
                .onErrorResume(e -> {
                    server.counters().connectionError();
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    server.sessionEnded();
                    backend.counters().sessionEnded();
                });
    }

    /**
     * Pipes both directions until both have ended. When one side shuts its write half, the other
     * side's write half is shut in turn, so it sees end of stream while the reverse direction
     * keeps flowing (half-close, as HAProxy does).
     */
    private static Mono<Void> pipe(NettyInbound in, NettyOutbound out, Connection upstream) {
        Channel[] clientChannel = new Channel[1];
        in.withConnection(c -> clientChannel[0] = c.channel());
        Mono<Void> toServer = upstream.outbound().send(untilEndOfStream(in)).then()
                .then(Mono.fromRunnable(() -> shutdownOutput(upstream.channel())));
        Mono<Void> toClient = out.send(untilEndOfStream(upstream.inbound())).then()
                .then(Mono.fromRunnable(() -> shutdownOutput(clientChannel[0])));
        return Mono.when(toServer, toClient).doFinally(signal -> upstream.dispose());
    }

    /**
     * The bytes of one direction up to the peer's FIN. Reactor Netty releases each buffer once
     * {@code onNext} returns; the {@code retain()} is the reference the outbound write releases.
     */
    private static Flux<ByteBuf> untilEndOfStream(NettyInbound inbound) {
        return inbound.receiveObject()
                .takeWhile(message -> message != EndOfStream.MARKER)
                .map(message -> ((ByteBuf) message).retain());
    }

    private static void shutdownOutput(Channel channel) {
        if (channel instanceof DuplexChannel duplex && duplex.isActive()) {
            duplex.shutdownOutput();
        }
    }

    private static InetSocketAddress clientAddress(NettyInbound in) {
        InetSocketAddress[] holder = new InetSocketAddress[1];
        in.withConnection(c -> holder[0] = (InetSocketAddress) c.channel().remoteAddress());
        return holder[0];
    }

    @Override
    public void stop() {
        servers.forEach(DisposableServer::disposeNow);
        servers = List.of();
    }

    @Override
    public String name() {
        return frontend.name();
    }
}
