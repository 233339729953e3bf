package io.lbgate.proxy.tcp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Turns a peer's FIN into an in-band marker. With half-closure allowed, Netty reports the FIN as a
 * user event, which Reactor Netty ignores, so the inbound flux would never complete. Passing a
 * marker down the read path instead keeps it behind every byte already read, so a consumer that
 * stops at the marker has seen the whole stream.
 */
@ChannelHandler.Sharable
final class EndOfStream extends ChannelInboundHandlerAdapter {
    static final String NAME = "lbgate.endOfStream";
    static final EndOfStream HANDLER = new EndOfStream();

    /** The marker; not a ByteBuf, so nothing tries to release or write it. */
    static final Object MARKER = new Object() {
        @Override
        public String toString() {
            return "END_OF_STREAM";
        }
    };

    private EndOfStream() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            ctx.fireChannelRead(MARKER);
        }
        ctx.fireUserEventTriggered(event);
    }
}
