package io.lbgate.proxy.tcp;

import io.lbgate.proxy.proxyprotocol.ProxyProtocolDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of one side (client or server) of a {@link TcpSession}: it turns Netty's
 * events into the session's calls and nothing else, so the session sees both sides in one place.
 * Both channels of a session live on the same event loop, so no call here needs a lock.
 */
final class Relay extends ChannelInboundHandlerAdapter {
    private final TcpSession session;
    private final boolean clientSide;

    Relay(TcpSession session, boolean clientSide) {
        this.session = session;
        this.clientSide = clientSide;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (clientSide) {
            session.accepted();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            session.read(clientSide, buf); // the session owns buf from here
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        session.readComplete(clientSide);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.writabilityChanged(clientSide, ctx.channel().isWritable());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            session.finReceived(clientSide);
        } else if (event instanceof ProxyProtocolDecoder.ProxyHeaderEvent) {
            session.proxyHeaderReceived();
        } else if (event instanceof ProxyProtocolDecoder.ProxyHeaderRejected rejected) {
            session.proxyHeaderRejected(rejected.reason());
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.failed(clientSide, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.closed(clientSide);
    }
}
