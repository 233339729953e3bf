package io.lbgate.proxy.proxyprotocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the PROXY protocol header (v1 or v2, told apart by their first bytes) that a connection on
 * an {@code accept-proxy} bind must start with, then removes itself; any bytes after the header go
 * on down the pipeline unchanged (they often arrive in the same segment). A missing or malformed
 * header closes the connection without a reply, as HAProxy does (docs/haproxy-behaviour.md, "PROXY protocol").
 *
 * <p>On success it stores the header under {@link #HEADER} (absent for v1 {@code UNKNOWN} and v2
 * {@code LOCAL}, where the real peer address stays the client address) and fires
 * {@link ProxyHeaderEvent} so a handler can start its work only once the client address is known.
 * Read the client address with {@link #clientAddress}. One instance per channel (not sharable).
 */
public final class ProxyProtocolDecoder extends ByteToMessageDecoder {
    /** The pipeline name this handler is conventionally added under. */
    public static final String NAME = "lbgate.proxyProtocol";

    /** The decoded header; set once before {@link ProxyHeaderEvent} fires, never for LOCAL/UNKNOWN. */
    public static final AttributeKey<ProxyHeader> HEADER = AttributeKey.valueOf("lbgate.proxyHeader");

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final int V1_MAX = 107;
    /** v2 address block limit: the 216 bytes of UNIX addresses plus generous room for TLVs. */
    private static final int V2_MAX_LENGTH = 4096;

    /**
     * Fired once the header was read. {@code header} is {@code null} for v1 UNKNOWN / v2 LOCAL
     * (keep the peer address).
     */
    public record ProxyHeaderEvent(ProxyHeader header) {
    }

    /** The PROXY header's source if one was received on {@code channel}, else its peer address. */
    public static InetSocketAddress clientAddress(io.netty.channel.Channel channel) {
        ProxyHeader header = header(channel);
        if (header != null) {
            return header.source();
        }
        SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress inet ? inet : null;
    }

    /**
     * The header stored on {@code channel}, or {@code null}. Asking {@code hasAttr} first matters:
     * {@code attr(key)} alone creates the channel's attribute table and an empty attribute (48
     * bytes that every connection would keep for its lifetime, PROXY protocol or not).
     */
    private static ProxyHeader header(io.netty.channel.Channel channel) {
        return channel.hasAttr(HEADER) ? channel.attr(HEADER).get() : null;
    }

    /** The PROXY header's destination if one was received, else the channel's local address. */
    public static InetSocketAddress frontendAddress(io.netty.channel.Channel channel) {
        ProxyHeader header = header(channel);
        if (header != null) {
            return header.destination();
        }
        SocketAddress local = channel.localAddress();
        return local instanceof InetSocketAddress inet ? inet : null;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = in.readableBytes();
        int start = in.readerIndex();
        if (startsWith(in, start, n, ProxyProtocolEncoder.V2_SIGNATURE)) {
            if (n >= 16) {
                decodeV2(ctx, in);
            }
        } else if (startsWith(in, start, n, V1_PREFIX)) {
            if (n >= V1_PREFIX.length) {
                decodeV1(ctx, in);
            }
        } else {
            reject(ctx, in, "Received something which does not look like a PROXY protocol header");
        }
    }

    /** Whether the readable bytes agree with {@code prefix} as far as both go. */
    private static boolean startsWith(ByteBuf in, int start, int n, byte[] prefix) {
        int m = Math.min(n, prefix.length);
        for (int i = 0; i < m; i++) {
            if (in.getByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void decodeV1(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.readerIndex();
        int end = in.indexOf(start, start + Math.min(in.readableBytes(), V1_MAX), (byte) '\n');
        if (end < 0) {
            if (in.readableBytes() >= V1_MAX) {
                reject(ctx, in, "PROXY v1 header longer than 107 bytes");
            }
            return; // wait for the rest of the line
        }
        if (end == start || in.getByte(end - 1) != '\r') {
            reject(ctx, in, "PROXY v1 header not ended by CRLF");
            return;
        }
        String line = in.toString(start, end - 1 - start, StandardCharsets.US_ASCII);
        in.skipBytes(end + 1 - start);
        String[] parts = line.split(" ", -1);
        if (parts.length >= 2 && parts[1].equals("UNKNOWN")) {
            accept(ctx, null);
            return;
        }
        ProxyHeader header = parts.length == 6 ? v1Header(parts) : null;
        if (header == null) {
            reject(ctx, in, "malformed PROXY v1 header");
            return;
        }
        accept(ctx, header);
    }

    private static ProxyHeader v1Header(String[] parts) {
        int length = switch (parts[1]) {
            case "TCP4" -> 4;
            case "TCP6" -> 16;
            default -> -1;
        };
        byte[] src = NetUtil.createByteArrayFromIpAddressString(parts[2]);
        byte[] dst = NetUtil.createByteArrayFromIpAddressString(parts[3]);
        int sport = port(parts[4]);
        int dport = port(parts[5]);
        if (length < 0 || src == null || dst == null || src.length != length || dst.length != length
                || sport < 0 || dport < 0) {
            return null;
        }
        return new ProxyHeader(socket(src, sport), socket(dst, dport));
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : -1;
    }

    private void decodeV2(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.readerIndex();
        int verCmd = in.getUnsignedByte(start + 12);
        int family = in.getUnsignedByte(start + 13);
        int length = in.getUnsignedShort(start + 14);
        if ((verCmd >> 4) != 2 || (verCmd & 0x0F) > 1 || length > V2_MAX_LENGTH) {
            reject(ctx, in, "malformed PROXY v2 header");
            return;
        }
        if (in.readableBytes() < 16 + length) {
            return; // wait for the address block
        }
        boolean local = (verCmd & 0x0F) == 0;
        int needed = switch (family) {
            case 0x11 -> 12;
            case 0x21 -> 36;
            default -> 0;
        };
        if (local || needed == 0) {
            // LOCAL, UNSPEC, UDP or UNIX: the connection is the proxy's own; keep the peer address.
            in.skipBytes(16 + length);
            accept(ctx, null);
            return;
        }
        if (length < needed) {
            reject(ctx, in, "PROXY v2 address block too short");
            return;
        }
        int size = needed == 12 ? 4 : 16;
        byte[] src = new byte[size];
        byte[] dst = new byte[size];
        in.getBytes(start + 16, src);
        in.getBytes(start + 16 + size, dst);
        int sport = in.getUnsignedShort(start + 16 + 2 * size);
        int dport = in.getUnsignedShort(start + 18 + 2 * size);
        in.skipBytes(16 + length); // TLVs, if any, are skipped: nothing here uses them
        accept(ctx, new ProxyHeader(socket(src, sport), socket(dst, dport)));
    }

    private static InetSocketAddress socket(byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }

    private void accept(ChannelHandlerContext ctx, ProxyHeader header) {
        if (header != null) {
            ctx.channel().attr(HEADER).set(header);
        }
        // Removing a ByteToMessageDecoder passes the bytes it still holds on down the pipeline.
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(new ProxyHeaderEvent(header));
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, String why) {
        in.skipBytes(in.readableBytes());
        ctx.fireUserEventTriggered(new ProxyHeaderRejected(why));
        ctx.close();
    }

    /** Fired just before the connection is closed for a missing or malformed header. */
    public record ProxyHeaderRejected(String reason) {
    }
}
