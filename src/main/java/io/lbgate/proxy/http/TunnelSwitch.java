package io.lbgate.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * Turns an exchange's two connections into a byte tunnel after a {@code 101 Switching Protocols}
 * (a WebSocket): both pipelines drop their HTTP codecs and get a {@link Tunnel} half each, with
 * {@code timeout tunnel} (else the longer of client and server) as inactivity limit.
 */
final class TunnelSwitch {
    private TunnelSwitch() {
    }

    /**
     * @param frontendCtx the client connection's {@link FrontendConnection} context; it leaves
     * @param onClose     run by each half when it closes; must be idempotent
     */
    static void install(ChannelHandlerContext frontendCtx, Channel server, HttpProxySettings settings, Runnable onClose) {
        Channel client = frontendCtx.channel();
        long idleMillis = settings.tunnelMillis() > 0 ? settings.tunnelMillis()
                : Math.max(settings.clientMillis(), settings.serverMillis());
        ChannelPipeline serverPipeline = server.pipeline();
        serverPipeline.remove(ServerConnection.NAME);
        serverPipeline.remove(ServerConnection.CODEC);
        addTunnel(serverPipeline, client, idleMillis, onClose);
        ChannelPipeline clientPipeline = client.pipeline();
        addTunnel(clientPipeline, server, idleMillis, onClose);
        clientPipeline.remove(ProxyServerCodec.NAME);
        // The codec counted the client's bytes; from here on the tunnel's bytes are counted at the bottom.
        clientPipeline.addFirst(ByteCounter.NAME, new ByteCounter((FrontendConnection) frontendCtx.handler()));
        client.config().setAutoRead(true);
        server.config().setAutoRead(true);
        clientPipeline.remove(frontendCtx.handler());
    }

    private static void addTunnel(ChannelPipeline pipeline, Channel peer, long idleMillis, Runnable onClose) {
        if (idleMillis > 0) {
            pipeline.addLast("lbgate.tunnelIdle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
        }
        pipeline.addLast(Tunnel.NAME, new Tunnel(peer, onClose));
    }
}
