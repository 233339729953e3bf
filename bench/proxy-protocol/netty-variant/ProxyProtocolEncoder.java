package io.lbgate.proxy.proxyprotocol;

import io.lbgate.config.ProxyProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * BENCH VARIANT (bench/proxy-protocol.sh): the same API as lbgate's encoder, the bytes written by
 * Netty's HAProxyMessageEncoder. Netty's encoder is a pipeline handler only; its two static
 * writers are called directly here so that the callers stay unchanged.
 */
public final class ProxyProtocolEncoder {
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final MethodHandle V1 = writer("encodeV1");
    private static final MethodHandle V2 = writer("encodeV2");

    private ProxyProtocolEncoder() {
    }

    private static MethodHandle writer(String name) {
        try {
            Method m = HAProxyMessageEncoder.class.getDeclaredMethod(name, HAProxyMessage.class, ByteBuf.class);
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ByteBuf encode(ProxyProtocol version, ByteBufAllocator alloc,
            InetSocketAddress source, InetSocketAddress destination) {
        Objects.requireNonNull(version, "version");
        return switch (version) {
            case V1 -> v1(alloc, source, destination);
            case V2 -> v2(alloc, source, destination);
            case NONE -> throw new IllegalArgumentException("version: NONE (expected: V1 or V2)");
        };
    }

    public static ByteBuf v1(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        return write(V1, HAProxyProtocolVersion.V1, alloc, source, destination, 108);
    }

    public static ByteBuf v2(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        return write(V2, HAProxyProtocolVersion.V2, alloc, source, destination, 52);
    }

    private static ByteBuf write(MethodHandle writer, HAProxyProtocolVersion version, ByteBufAllocator alloc,
            InetSocketAddress source, InetSocketAddress destination, int capacity) {
        InetAddress[] pair = sameFamily(source, destination);
        HAProxyMessage message = new HAProxyMessage(version, HAProxyCommand.PROXY,
                pair[0] instanceof Inet4Address ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                NetUtil.toAddressString(pair[0], true), NetUtil.toAddressString(pair[1], true),
                source.getPort(), destination.getPort());
        ByteBuf buf = alloc.buffer(capacity);
        try {
            writer.invoke(message, buf);
        } catch (Throwable e) {
            buf.release();
            throw new IllegalStateException(e);
        } finally {
            message.release();
        }
        return buf;
    }

    public static ByteBuf v2Local(ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer(16);
        buf.writeBytes(V2_SIGNATURE);
        buf.writeByte(0x20);
        buf.writeByte(0x00);
        buf.writeShort(0);
        return buf;
    }

    private static InetAddress[] sameFamily(InetSocketAddress source, InetSocketAddress destination) {
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
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
            return Inet6Address.getByAddress(null, mapped, -1);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
