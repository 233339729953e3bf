package io.lbgate.proxy.proxyprotocol;

import io.lbgate.config.ProxyProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected bytes captured from HAProxy 2.6.12 ({@code send-proxy}, {@code send-proxy-v2}). */
class ProxyProtocolEncoderTest {
    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static String hex(ByteBuf buf) {
        try {
            return ByteBufUtil.hexDump(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void v1Ipv4IsHaproxysLine() {
        ByteBuf buf = ProxyProtocolEncoder.encode(ProxyProtocol.V1, ALLOC,
                new InetSocketAddress("127.0.0.1", 40464), new InetSocketAddress("127.0.0.1", 19011));
        try {
            assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 40464 19011\r\n");
        } finally {
            buf.release();
        }
    }

    @Test
    void v1Ipv6AndMixedFamilies() {
        ByteBuf v6 = ProxyProtocolEncoder.v1(ALLOC, new InetSocketAddress("::1", 52368), new InetSocketAddress("::1", 18096));
        ByteBuf mixed = ProxyProtocolEncoder.v1(ALLOC, new InetSocketAddress("127.0.0.1", 1000),
                new InetSocketAddress("2001:db8::1", 80));
        try {
            assertThat(v6.toString(StandardCharsets.US_ASCII)).isEqualTo("PROXY TCP6 ::1 ::1 52368 18096\r\n");
            assertThat(mixed.toString(StandardCharsets.US_ASCII))
                    .isEqualTo("PROXY TCP6 ::ffff:127.0.0.1 2001:db8::1 1000 80\r\n");
        } finally {
            v6.release();
            mixed.release();
        }
    }

    @Test
    void v2Ipv4IsHaproxysBytes() {
        assertThat(hex(ProxyProtocolEncoder.encode(ProxyProtocol.V2, ALLOC,
                new InetSocketAddress("127.0.0.1", 52064), new InetSocketAddress("127.0.0.1", 19012))))
                .isEqualTo("0d0a0d0a000d0a515549540a2111000c7f0000017f000001cb604a44");
    }

    @Test
    void v2Ipv6IsHaproxysBytes() {
        assertThat(hex(ProxyProtocolEncoder.v2(ALLOC, new InetSocketAddress("::1", 59084),
                new InetSocketAddress("::1", 19012))))
                .isEqualTo("0d0a0d0a000d0a515549540a21210024" + "00000000000000000000000000000001".repeat(2) + "e6cc4a44");
    }

    @Test
    void v2LocalIsWhatChecksSend() {
        assertThat(hex(ProxyProtocolEncoder.v2Local(ALLOC))).isEqualTo("0d0a0d0a000d0a515549540a20000000");
    }
}
