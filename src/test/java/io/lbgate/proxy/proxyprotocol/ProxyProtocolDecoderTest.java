package io.lbgate.proxy.proxyprotocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyProtocolDecoderTest {

    /** Records the events after the decoder. */
    private static final class Events extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static String readAll(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        for (ByteBuf buf; (buf = ch.readInbound()) != null; ) {
            b.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return b.toString();
    }

    @Test
    void v1HeaderSetsTheClientAddressAndPassesTheRestOn() {
        Events events = new Events();
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyProtocolDecoder(), events);
        ch.writeInbound(ascii("PROXY TCP4 192.0.2.10 198.51.100.1 40000 80\r\nhel"));
        ch.writeInbound(ascii("lo"));
        assertThat(ProxyProtocolDecoder.clientAddress(ch)).isEqualTo(new InetSocketAddress("192.0.2.10", 40000));
        assertThat(ProxyProtocolDecoder.frontendAddress(ch)).isEqualTo(new InetSocketAddress("198.51.100.1", 80));
        assertThat(events.events).hasSize(1).first().isInstanceOf(ProxyProtocolDecoder.ProxyHeaderEvent.class);
        assertThat(readAll(ch)).isEqualTo("hello");
        assertThat(ch.pipeline().get(ProxyProtocolDecoder.class)).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void v1HeaderSplitAcrossReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyProtocolDecoder());
        ch.writeInbound(ascii("PRO"));
        ch.writeInbound(ascii("XY TCP6 2001:db8::7 ::1 5 6\r"));
        assertThat(ch.attr(ProxyProtocolDecoder.HEADER).get()).isNull();
        ch.writeInbound(ascii("\n"));
        assertThat(ProxyProtocolDecoder.clientAddress(ch)).isEqualTo(new InetSocketAddress("2001:db8::7", 5));
        assertThat(ch.isActive()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void v2HeaderWithTlvsIsRead() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyProtocolDecoder());
        // IPv4 192.0.2.10:40000 -> 127.0.0.1:80, plus a NOOP TLV of 2 bytes
        ch.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(
                "0d0a0d0a000d0a515549540a21110011c000020a7f0000019c400050" + "040002abcd" + "6869")));
        assertThat(ProxyProtocolDecoder.clientAddress(ch)).isEqualTo(new InetSocketAddress("192.0.2.10", 40000));
        assertThat(readAll(ch)).isEqualTo("hi");
        ch.finishAndReleaseAll();
    }

    @Test
    void v1UnknownAndV2LocalKeepThePeerAddress() {
        EmbeddedChannel v1 = new EmbeddedChannel(new ProxyProtocolDecoder());
        v1.writeInbound(ascii("PROXY UNKNOWN\r\nx"));
        assertThat(v1.attr(ProxyProtocolDecoder.HEADER).get()).isNull();
        assertThat(readAll(v1)).isEqualTo("x");
        v1.finishAndReleaseAll();
        EmbeddedChannel v2 = new EmbeddedChannel(new ProxyProtocolDecoder());
        v2.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0d0a0d0a000d0a515549540a20000000")));
        assertThat(v2.attr(ProxyProtocolDecoder.HEADER).get()).isNull();
        assertThat(v2.pipeline().get(ProxyProtocolDecoder.class)).isNull();
        v2.finishAndReleaseAll();
    }

    @Test
    void missingOrMalformedHeaderClosesTheConnection() {
        for (String input : List.of("GET / HTTP/1.1\r\n", "PROXY TCP4 1.2.3 4.5.6.7 1 2\r\n",
                "PROXY TCP4 ::1 ::1 1 2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 99999\r\n", "PROXY TCP4 1.2.3.4\n",
                "PROXY " + "x".repeat(120))) {
            Events events = new Events();
            EmbeddedChannel ch = new EmbeddedChannel(new ProxyProtocolDecoder(), events);
            ch.writeInbound(ascii(input));
            assertThat(ch.isOpen()).as(input).isFalse();
            assertThat(events.events).as(input).anyMatch(e -> e instanceof ProxyProtocolDecoder.ProxyHeaderRejected);
            assertThat(readAll(ch)).isEmpty();
            ch.finishAndReleaseAll();
        }
    }
}
