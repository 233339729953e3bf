package io.lbgate.proxy.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * One half of a tunnel: after a {@code 101 Switching Protocols} (a WebSocket, say) the HTTP codecs
 * leave both pipelines and bytes pass through untouched, frames and close codes included. Each
 * half writes what it reads to its peer and stops reading while the peer cannot keep up.
 */
final class Tunnel extends ChannelInboundHandlerAdapter {
    static final String NAME = "lbgate.tunnel";

    private final Channel peer;
    private final Runnable onClose;

    /** @param onClose run once by each half when its channel closes; must be idempotent */
    Tunnel(Channel peer, Runnable onClose) {
        this.peer = peer;
        this.onClose = onClose;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Ownership of the buffer passes to the peer's write, which releases it.
        peer.write(msg, peer.voidPromise()); // no promise per message: a failed write closes the peer
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        peer.config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Whatever the peer still has to send us is lost with our socket; let it finish writing
        // what it already has for its own side, then close it.
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        onClose.run();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // timeout tunnel (or client/server when it is not set): the tunnel was idle too long.
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
