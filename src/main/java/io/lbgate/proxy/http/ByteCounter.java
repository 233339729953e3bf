package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Sits below the client codec and counts the bytes that cross the client connection, headers
 * included, as HAProxy's bytes in/out do. It also tells the connection that a request has begun
 * arriving, which is what turns an expired {@code timeout http-request} into a 408 rather than a
 * silent close.
 */
final class ByteCounter extends ChannelDuplexHandler {
    static final String NAME = "lbgate.bytes";

    private final FrontendConnection connection;

    ByteCounter(FrontendConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            connection.bytesIn(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            connection.bytesOut(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
