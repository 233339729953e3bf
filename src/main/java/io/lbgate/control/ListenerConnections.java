package io.lbgate.control;

import io.lbgate.config.StatsConfig;
import io.lbgate.registry.Counters;
import io.lbgate.registry.Registry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One control-plane connection, counted as HAProxy counts a stats listener's sessions: the
 * connection is a session of the listener's frontend ({@code scur}, {@code stot}, session rate),
 * and the bytes it carries count in its frontend and backend ({@code bin}, {@code bout}), whatever
 * part of the application answers. First in the pipeline, so that it sees the bytes on the wire.
 */
final class ListenerConnections extends ChannelDuplexHandler {
    static final String NAME = "lbgate.statsListenerConnections";

    private final Counters frontend;
    private final Counters backend;
    private boolean counted; // event loop only

    private ListenerConnections(Counters frontend, Counters backend) {
        this.frontend = frontend;
        this.backend = backend;
    }

    /** The counting handler for a connection that arrived on {@code local}; {@code null} when no listener has it. */
    static ListenerConnections of(StatsListeners listeners, Registry registry, SocketAddress local) {
        StatsConfig listener = listeners.at(local instanceof InetSocketAddress inet ? inet : null);
        if (listener == null) {
            return null;
        }
        Counters frontend = registry.statsFrontend(listener.name()).map(f -> f.counters()).orElse(null);
        Counters backend = registry.backend(listener.id()).map(b -> b.counters()).orElse(null);
        return frontend == null || backend == null ? null : new ListenerConnections(frontend, backend);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        counted = true;
        frontend.sessionStarted();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ended();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ended();
    }

    private void ended() {
        if (counted) {
            counted = false;
            frontend.sessionEnded();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        long n = size(msg);
        frontend.addBytesIn(n);
        backend.addBytesIn(n);
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        long n = size(msg);
        frontend.addBytesOut(n);
        backend.addBytesOut(n);
        super.write(ctx, msg, promise);
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return msg instanceof FileRegion region ? region.count() : 0;
    }
}
