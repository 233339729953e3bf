package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes that cross a client connection once it has become a tunnel (after a 101), as
 * HAProxy's bytes in/out do; while the connection speaks HTTP, {@link ProxyServerCodec} counts them
 * (one handler fewer on every connection).
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
