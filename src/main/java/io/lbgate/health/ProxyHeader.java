package io.lbgate.health;

import io.lbgate.config.ProxyProtocol;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import io.netty.util.NetUtil;
import java.nio.charset.StandardCharsets;

/**
 * The PROXY header a health check starts with (docs/haproxy-behaviour.md, "Health checks"): v1 names the check connection's own
 * addresses (source = our socket, destination = the server); v2 is a LOCAL command carrying no
 * address, the 16 bytes {@code 0D0A0D0A 000D0A51 5549540A 20000000}.
 */
final class ProxyHeader {
    private static final byte[] V2_LOCAL = {
            0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00};

    private ProxyHeader() {
    }

    /** The header bytes, or {@code null} for {@link ProxyProtocol#NONE}. */
    static byte[] of(ProxyProtocol version, InetSocketAddress local, InetSocketAddress remote) {
        return switch (version) {
            case NONE -> null;
            case V1 -> v1(local, remote).getBytes(StandardCharsets.US_ASCII);
            case V2 -> V2_LOCAL.clone();
        };
    }

    static String v1(InetSocketAddress local, InetSocketAddress remote) {
        if (local == null || remote == null || local.getAddress() == null || remote.getAddress() == null) {
            return "PROXY UNKNOWN\r\n";
        }
        // Both ends of one socket share a family, so no ::ffff: mapping is ever needed here.
        String family = local.getAddress() instanceof Inet4Address ? "TCP4" : "TCP6";
        return "PROXY " + family + " " + NetUtil.toAddressString(local.getAddress()) + " "
                + NetUtil.toAddressString(remote.getAddress()) + " " + local.getPort() + " " + remote.getPort() + "\r\n";
    }
}
