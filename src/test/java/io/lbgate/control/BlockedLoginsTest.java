package io.lbgate.control;

import io.lbgate.balance.Balancers;
import io.lbgate.config.StatsConfig;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.config.GatewayConfig;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early refusal on a real HTTP decoder: what reaches the application (a handler that records
 * the requests it is given, standing where Reactor Netty's would), what the client gets and when.
 */
class BlockedLoginsTest {
    private static final String GUESSER = "192.0.2.7";
    private static final String WRONG = "Authorization: Basic YWRtaW46d3Jvbmc=\r\n";

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong();
    private final LoginThrottle throttle = new LoginThrottle(now::get);
    private final List<String> reachedApplication = new ArrayList<>();
    private Registry registry;
    private StatsConfig listener;
    private BlockedLogins.Guard guard;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() throws IOException {
        Path cfg = Files.writeString(dir.resolve("stats.cfg"), """
                listen stats
                    mode http
                    bind 127.0.0.1:9000
                    stats enable
                    stats uri /stats
                    stats realm Ops\\ only
                    stats auth admin:s3cret
                """);
        GatewayConfig config = HaproxyConfigReader.read(List.of(cfg)).config();
        registry = Registry.from(config, Balancers::create);
        StatsListeners listeners = new StatsListeners(config);
        listener = listeners.all().get(0);
        guard = new BlockedLogins.Guards(listeners, throttle, new ListenerRequests(listeners, registry),
                BlockedLogins.DELAY_MILLIS).of(listener);
        channel = new From(GUESSER, new ReadRequests(), new HttpServerCodec(), new BlockedLogins(guard), new Application());
        // As Reactor Netty runs its connections: reads happen when a handler asks for them.
        channel.config().setAutoRead(false);
    }

    private int readsAskedFor;

    /** Counts the reads asked for, which the socket would then do. */
    private final class ReadRequests extends ChannelOutboundHandlerAdapter {
        @Override
        public void read(ChannelHandlerContext ctx) throws Exception {
            readsAskedFor++;
            super.read(ctx);
        }
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** Records each request that gets past the refusal; releases everything it is given. */
    private final class Application extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                reachedApplication.add(request.method() + " " + request.uri());
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /** An embedded channel with a client address, which the refusal keys on. */
    private static final class From extends EmbeddedChannel {
        private final InetSocketAddress remote;

        From(String address, io.netty.channel.ChannelHandler... handlers) {
            super(handlers);
            this.remote = new InetSocketAddress(address, 40000);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote == null ? super.remoteAddress0() : remote;
        }
    }

    private void block(String address) {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed(address);
        }
    }

    private void send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            out.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return out.toString();
    }

    private void waitTheDelay() {
        channel.advanceTimeBy(BlockedLogins.DELAY_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void aBlockedAddressGetsTheChallengeAfterTheDelayWithoutReachingTheApplication() {
        block(GUESSER);

        readsAskedFor = 0;
        send("GET /stats;csv HTTP/1.1\r\nHost: gw\r\n" + WRONG + "\r\n");
        assertThat(reachedApplication).isEmpty();
        channel.advanceTimeBy(BlockedLogins.DELAY_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).as("nothing before the delay").isEmpty();
        assertThat(readsAskedFor).as("nothing more is read while the answer waits").isZero();

        waitTheDelay();
        String answer = written();
        assertThat(answer).startsWith("HTTP/1.1 401 Unauthorized\r\n")
                .contains("WWW-Authenticate: Basic realm=\"Ops only\"\r\n")
                .contains("content-length: 0\r\n")
                .doesNotContain("close");
        assertThat(channel.isOpen()).as("kept alive").isTrue();
        assertThat(readsAskedFor).as("the next request is read after the answer, not before").isEqualTo(1);
        assertThat(reachedApplication).isEmpty();
        assertThat(guard.refused()).isEqualTo(1);
        Frontend frontend = registry.statsFrontend(listener.name()).orElseThrow();
        assertThat(frontend.counters().requests()).isEqualTo(1);
        assertThat(frontend.counters().responses(4)).isEqualTo(1);
        assertThat(frontend.interceptedRequests()).isEqualTo(1);

        send("GET /stats HTTP/1.1\r\nHost: gw\r\n" + WRONG + "\r\n");
        waitTheDelay();
        assertThat(written()).as("the next attempt on the same connection").startsWith("HTTP/1.1 401 ");
        assertThat(reachedApplication).isEmpty();
    }

    @Test
    void whenTheWindowEndsTheLoginReachesTheApplicationAgain() {
        block(GUESSER);
        now.addAndGet(LoginThrottle.WINDOW_NANOS);

        send("GET /stats HTTP/1.1\r\nHost: gw\r\nAuthorization: Basic YWRtaW46czNjcmV0\r\n\r\n");

        assertThat(reachedApplication).containsExactly("GET /stats");
        assertThat(guard.refused()).isZero();
    }

    @Test
    void probesAndRequestsWithoutCredentialsAlwaysReachTheApplication() {
        block(GUESSER);

        for (String probe : StatsSecurity.OPEN_PROBES) {
            send("GET " + probe + " HTTP/1.1\r\nHost: gw\r\n" + WRONG + "\r\n");
            send("GET " + probe + "?x=1 HTTP/1.1\r\nHost: gw\r\n\r\n");
        }
        send("GET /stats HTTP/1.1\r\nHost: gw\r\n\r\n");

        assertThat(reachedApplication).hasSize(2 * StatsSecurity.OPEN_PROBES.length + 1);
        assertThat(guard.refused()).isZero();
    }

    @Test
    void otherAddressesReachTheApplication() {
        block("192.0.2.8");

        send("GET /stats HTTP/1.1\r\nHost: gw\r\n" + WRONG + "\r\n");

        assertThat(reachedApplication).containsExactly("GET /stats");
    }

    @Test
    void aRequestQueuedBehindOneBeingAnsweredGoesOnSoThatAnswersStayInOrder() {
        send("GET /stats HTTP/1.1\r\nHost: gw\r\n" + WRONG + "\r\n");
        block(GUESSER);
        send("GET /stats?second HTTP/1.1\r\nHost: gw\r\n" + WRONG + "\r\n");
        assertThat(reachedApplication).containsExactly("GET /stats", "GET /stats?second");

        // The application answers both; the next attempt is the connection's only one and is refused.
        for (int i = 0; i < 2; i++) {
            DefaultFullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED);
            answer.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            channel.writeOutbound(answer);
        }
        written();
        send("GET /stats?third HTTP/1.1\r\nHost: gw\r\n" + WRONG + "\r\n");
        waitTheDelay();

        assertThat(reachedApplication).hasSize(2);
        assertThat(written()).startsWith("HTTP/1.1 401 ");
    }

    @Test
    void aRefusedRequestWithABodyIsAnsweredWithCloseAndItsBodyDropped() {
        block(GUESSER);

        send("POST /stats HTTP/1.1\r\nHost: gw\r\n" + WRONG + "Content-Length: 11\r\n\r\nhello");
        send(" world");
        waitTheDelay();

        assertThat(written()).startsWith("HTTP/1.1 401 ").contains("connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(reachedApplication).isEmpty();
    }

    @Test
    void aRequestPipelinedBehindARefusedOneIsDroppedAndTheConnectionClosed() {
        block(GUESSER);

        send("GET /stats HTTP/1.1\r\nHost: gw\r\n" + WRONG + "\r\n"
                + "GET /stats HTTP/1.1\r\nHost: gw\r\n\r\n");
        waitTheDelay();

        assertThat(written()).startsWith("HTTP/1.1 401 ").contains("connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(reachedApplication).isEmpty();
    }
}
