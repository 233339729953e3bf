package io.lbgate.proxy.proxyprotocol;

import io.lbgate.config.ProxyProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes PROXY protocol headers byte for byte as HAProxy 2.6 sends them (docs/haproxy-behaviour.md, "PROXY protocol"; captured from
 * 2.6.12): v1 {@code PROXY TCP4 127.0.0.1 127.0.0.1 40464 19011\r\n}; v2 the 16-byte header plus
 * the addresses, with no TLV. When one address is IPv4 and the other IPv6, the IPv4 one is mapped
 * to {@code ::ffff:a.b.c.d} and the IPv6 form is used, as HAProxy does.
 *
 * <p>Every method returns a new buffer the caller owns (and usually hands to a write, which
 * releases it).
 */
public final class ProxyProtocolEncoder {
    /** The 12-byte v2 signature. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyProtocolEncoder() {
    }

    /** The header of {@code version} for a connection from {@code source} to {@code destination}. */
    public static ByteBuf encode(ProxyProtocol version, ByteBufAllocator alloc,
            InetSocketAddress source, InetSocketAddress destination) {
        Objects.requireNonNull(version, "version");
        return switch (version) {
            case V1 -> v1(alloc, source, destination);
            case V2 -> v2(alloc, source, destination);
            case NONE -> throw new IllegalArgumentException("version: NONE (expected: V1 or V2)");
        };
    }

    /** {@code PROXY TCP4|TCP6 <src> <dst> <sport> <dport>\r\n}. */
    public static ByteBuf v1(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        InetAddress[] pair = sameFamily(source, destination);
        String line = "PROXY " + (pair[0] instanceof Inet4Address ? "TCP4 " : "TCP6 ")
                + NetUtil.toAddressString(pair[0], true) + ' ' + NetUtil.toAddressString(pair[1], true) + ' '
                + source.getPort() + ' ' + destination.getPort() + "\r\n";
        ByteBuf buf = alloc.buffer(line.length());
        buf.writeCharSequence(line, StandardCharsets.US_ASCII);
        return buf;
    }

    /** The binary v2 PROXY/STREAM header: 28 bytes for IPv4, 52 for IPv6, no TLV. */
    public static ByteBuf v2(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        InetAddress[] pair = sameFamily(source, destination);
        boolean v4 = pair[0] instanceof Inet4Address;
        int addressLength = v4 ? 12 : 36;
        ByteBuf buf = alloc.buffer(16 + addressLength);
        buf.writeBytes(V2_SIGNATURE);
        buf.writeByte(0x21); // version 2, command PROXY
        buf.writeByte(v4 ? 0x11 : 0x21); // INET or INET6, STREAM
        buf.writeShort(addressLength);
        buf.writeBytes(pair[0].getAddress());
        buf.writeBytes(pair[1].getAddress());
        buf.writeShort(source.getPort());
        buf.writeShort(destination.getPort());
        return buf;
    }

    /** The v2 LOCAL header HAProxy's health checks send: {@code ... 20 00 0000}, 16 bytes. */
    public static ByteBuf v2Local(ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer(16);
        buf.writeBytes(V2_SIGNATURE);
        buf.writeByte(0x20);
        buf.writeByte(0x00);
        buf.writeShort(0);
        return buf;
    }

    /** Both addresses in one family, mapping an IPv4 one into IPv6 when the families differ. */
    private static InetAddress[] sameFamily(InetSocketAddress source, InetSocketAddress destination) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
        if (src == null || dst == null) {
            throw new IllegalArgumentException("unresolved address: " + source + ", " + destination);
        }
        if (src instanceof Inet4Address == dst instanceof Inet4Address) {
            return new InetAddress[] {src, dst};
        }
        return new InetAddress[] {toV6(src), toV6(dst)};
    }

    private static InetAddress toV6(InetAddress address) {
        if (address instanceof Inet6Address) {
            return address;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
        try {
            // InetAddress.getByAddress folds a mapped address back to IPv4; Inet6Address keeps it.
            return Inet6Address.getByAddress(null, mapped, -1);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is 16
        }
    }
}
