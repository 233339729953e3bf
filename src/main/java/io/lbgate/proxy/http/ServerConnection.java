package io.lbgate.proxy.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The handler at the end of a server connection's pipeline. While an exchange uses the connection
 * it hands every decoded response part to that {@link Exchange}; while the
 * connection is idle in its endpoint's pool it owns nothing, and anything the server sends then
 * is a protocol error that closes the connection.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
    static final String NAME = "lbgate.server";
    static final String CODEC = "lbgate.serverCodec";

    private final ServerEndpoint endpoint;
    private Exchange user;

    ServerConnection(ServerEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    ServerEndpoint endpoint() {
        return endpoint;
    }

    /** Binds the connection to the exchange that now uses it; called on the connection's loop. */
    void attach(Exchange exchange) {
        this.user = exchange;
    }

    /**
     * Unbinds it and closes it once every earlier write is sent, or after {@code limitMillis} if
     * the server does not read them by then (0: 10 s), so a server that stops reading cannot hold it.
     */
    void closeAfterWrites(Channel channel, long limitMillis) {
        this.user = null;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, limitMillis > 0 ? limitMillis : 10_000, TimeUnit.MILLISECONDS);
    }

    /** Unbinds it and keeps it for the next request, or closes it when it cannot be reused. */
    void release(Channel channel, boolean reusable) {
        this.user = null;
        if (reusable && channel.isActive()) {
            // The exchange may have paused reading for backpressure; an idle connection must read,
            // or the next exchange never sees its response and a server close goes unnoticed.
            channel.config().setAutoRead(true);
            endpoint.returnIdle(channel);
        } else {
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange current = user;
        if (current == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.serverRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange current = user;
        if (current != null) {
            current.serverReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange current = user;
        if (current != null) {
            current.serverWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange current = user;
        user = null;
        if (current != null) {
            current.serverClosed(ctx.channel());
        } else {
            endpoint.forget(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // An I/O error or a response the codec cannot parse: closing reports it to the exchange
        // through channelInactive, which answers 502 if nothing was sent to the client yet.
        ctx.close();
    }
}
