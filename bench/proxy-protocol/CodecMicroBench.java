import io.lbgate.proxy.proxyprotocol.ProxyProtocolDecoder;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One PROXY header decoded or encoded per operation, lbgate's codec against Netty's, in one JVM:
 * each decode runs on a new EmbeddedChannel (a header is read once per connection, and the
 * decoder's pipeline add and removal are part of that cost) with 100 bytes of payload behind the
 * header; each encode writes the header of a connection's two addresses into a pooled buffer
 * (Netty's through its encoder handler on a channel, the only way its API offers). Rounds of
 * 200,000 operations alternate between the two; medians of 7 measured rounds after 5 warm-up
 * rounds, in ns per operation. Run: bench/proxy-protocol/micro.sh
 */
public final class CodecMicroBench {
    static final InetSocketAddress SRC = new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString("192.0.2.10"), 51234);
    static final InetSocketAddress DST = new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString("198.51.100.7"), 443);
    static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    static final byte[] PAYLOAD = new byte[100];
    static long sink;

    public static void main(String[] args) {
        int ops = 200_000;
        byte[] v1 = bytes(ProxyProtocolEncoder.v1(Unpooled.buffer().alloc(), SRC, DST));
        byte[] v2 = bytes(ProxyProtocolEncoder.v2(Unpooled.buffer().alloc(), SRC, DST));
        EmbeddedChannel encoderChannel = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        String[][] cases = {{"decode v1", "ours"}, {"decode v1", "netty"}, {"decode v2", "ours"}, {"decode v2", "netty"},
                {"encode v1", "ours"}, {"encode v1", "netty"}, {"encode v2", "ours"}, {"encode v2", "netty"}};
        List<LongSupplier> runs = List.of(
                () -> decodeOurs(v1), () -> decodeNetty(v1), () -> decodeOurs(v2), () -> decodeNetty(v2),
                () -> encodeOurs(false), () -> encodeNetty(encoderChannel, HAProxyProtocolVersion.V1),
                () -> encodeOurs(true), () -> encodeNetty(encoderChannel, HAProxyProtocolVersion.V2));
        List<List<Double>> results = new ArrayList<>();
        runs.forEach(r -> results.add(new ArrayList<>()));
        for (int round = 0; round < 12; round++) {
            for (int c = 0; c < runs.size(); c++) {
                long start = System.nanoTime();
                for (int i = 0; i < ops; i++) {
                    sink += runs.get(c).getAsLong();
                }
                double ns = (System.nanoTime() - start) / (double) ops;
                if (round >= 5) {
                    results.get(c).add(ns);
                }
            }
        }
        System.out.println("| operation | codec | ns/op (median of 7) | min | max |");
        System.out.println("|---|---|---|---|---|");
        for (int c = 0; c < runs.size(); c++) {
            double[] v = results.get(c).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("| %s | %s | %.0f | %.0f | %.0f |%n", cases[c][0], cases[c][1], v[v.length / 2], v[0], v[v.length - 1]);
        }
        System.out.println("(sink " + (sink & 1) + ")");
    }

    static byte[] bytes(ByteBuf buf) {
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        buf.release();
        return b;
    }

    static ByteBuf input(byte[] header) {
        ByteBuf in = ALLOC.buffer(header.length + PAYLOAD.length);
        return in.writeBytes(header).writeBytes(PAYLOAD);
    }

    /** Reads what passed the decoder: the payload, and the client port that was learnt. */
    static long drain(EmbeddedChannel ch) {
        long n = 0;
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            n += msg instanceof ByteBuf b ? b.readableBytes() : 1;
            ReferenceCountUtil.release(msg);
        }
        ch.finishAndReleaseAll();
        return n;
    }

    static long decodeOurs(byte[] header) {
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyProtocolDecoder());
        ch.writeInbound(input(header));
        long port = ProxyProtocolDecoder.clientAddress(ch).getPort();
        return drain(ch) + port;
    }

    /** Netty's decoder, and what lbgate must do with its message: addresses back from strings. */
    static long decodeNetty(byte[] header) {
        long[] port = {0};
        EmbeddedChannel ch = new EmbeddedChannel(new HAProxyMessageDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HAProxyMessage m) {
                    InetSocketAddress source = new InetSocketAddress(
                            NetUtil.createInetAddressFromIpAddressString(m.sourceAddress()), m.sourcePort());
                    port[0] = source.getPort();
                    m.release();
                    ctx.pipeline().remove(this);
                } else {
                    ctx.fireChannelRead(msg);
                }
            }
        });
        ch.writeInbound(input(header));
        return drain(ch) + port[0];
    }

    static long encodeOurs(boolean v2) {
        ByteBuf buf = v2 ? ProxyProtocolEncoder.v2(ALLOC, SRC, DST) : ProxyProtocolEncoder.v1(ALLOC, SRC, DST);
        int n = buf.readableBytes();
        buf.release();
        return n;
    }

    static long encodeNetty(EmbeddedChannel ch, HAProxyProtocolVersion version) {
        HAProxyMessage m = new HAProxyMessage(version, HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP4,
                NetUtil.toAddressString(SRC.getAddress(), true), NetUtil.toAddressString(DST.getAddress(), true),
                SRC.getPort(), DST.getPort());
        ch.writeOutbound(m);
        ByteBuf buf = ch.readOutbound();
        int n = buf.readableBytes();
        buf.release();
        return n;
    }
}
