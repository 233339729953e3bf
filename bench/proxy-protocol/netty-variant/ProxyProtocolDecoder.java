package io.lbgate.proxy.proxyprotocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * BENCH VARIANT (bench/proxy-protocol.sh): the same API as lbgate's decoder, with Netty's
 * HAProxyMessageDecoder doing the reading. It puts Netty's decoder in front of itself and turns
 * its HAProxyMessage into lbgate's ProxyHeader and events.
 */
public final class ProxyProtocolDecoder extends ChannelInboundHandlerAdapter {
    public static final String NAME = "lbgate.proxyProtocol";
    public static final AttributeKey<ProxyHeader> HEADER = AttributeKey.valueOf("lbgate.proxyHeader");

    public record ProxyHeaderEvent(ProxyHeader header) {
    }

    public record ProxyHeaderRejected(String reason) {
    }

    public static InetSocketAddress clientAddress(io.netty.channel.Channel channel) {
        ProxyHeader header = channel.attr(HEADER).get();
        if (header != null) {
            return header.source();
        }
        SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress inet ? inet : null;
    }

    public static InetSocketAddress frontendAddress(io.netty.channel.Channel channel) {
        ProxyHeader header = channel.attr(HEADER).get();
        if (header != null) {
            return header.destination();
        }
        SocketAddress local = channel.localAddress();
        return local instanceof InetSocketAddress inet ? inet : null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addBefore(ctx.name(), "netty.haproxy", new HAProxyMessageDecoder());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage m)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ProxyHeader header = null;
        try {
            if (m.command() == HAProxyCommand.PROXY && (m.proxiedProtocol() == HAProxyProxiedProtocol.TCP4
                    || m.proxiedProtocol() == HAProxyProxiedProtocol.TCP6)) {
                header = new ProxyHeader(socket(m.sourceAddress(), m.sourcePort()),
                        socket(m.destinationAddress(), m.destinationPort()));
            }
        } finally {
            ReferenceCountUtil.release(m);
        }
        if (header != null) {
            ctx.channel().attr(HEADER).set(header);
        }
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(new ProxyHeaderEvent(header));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException) {
            ctx.fireUserEventTriggered(new ProxyHeaderRejected(cause.getMessage()));
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private static InetSocketAddress socket(String address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(address)), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
