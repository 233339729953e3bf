package io.lbgate.health;

import io.lbgate.registry.CheckResult;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One health-check attempt: a TCP connect, the PROXY header if any, then either {@code L4OK} at
 * once or the HTTP request and the wait for its status line. Everything runs on one event loop, so
 * the fields need no synchronization; the deadlines are tasks on that loop, not blocked threads.
 *
 * <p>Exactly one of {@link #finish} (result delivered) or {@link #abandon} (shutdown, nothing
 * delivered) ends an attempt, and both close the channel; later events find {@code done} set.
 */
final class Probe {
    private final CheckPlan plan;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Consumer<CheckResult> onResult;

    private long startNanos;
    private Channel channel;
    private ScheduledFuture<?> deadline;
    private boolean connected;
    private boolean done;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream(256);

    Probe(CheckPlan plan, EventLoop loop, Bootstrap bootstrap, Consumer<CheckResult> onResult) {
        this.plan = plan;
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.onResult = onResult;
    }

    /** Starts the attempt; call on {@link #loop}. */
    void start() {
        startNanos = System.nanoTime();
        if (plan.address().isUnresolved()) {
            finish(CheckResult.failed("SOCKERR", 0, 0, "could not resolve " + plan.address().getHostString()));
            return;
        }
        ChannelFuture connect = bootstrap.clone(loop).handler(new Reader()).connect(plan.address());
        channel = connect.channel();
        deadline = loop.schedule(this::connectDeadline, plan.connectMillis(), TimeUnit.MILLISECONDS);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                connected();
            } else {
                finish(CheckErrors.connectFailure(f.cause(), elapsed()));
            }
        });
    }

    /** Ends the attempt without a result (the checker is stopping); call on {@link #loop}. */
    void abandon() {
        if (!done) {
            done = true;
            release();
        }
    }

    private void connected() {
        if (done) {
            return;
        }
        connected = true;
        byte[] header = CheckProxyHeader.of(plan.proxyHeader(),
                (InetSocketAddress) channel.localAddress(), (InetSocketAddress) channel.remoteAddress());
        if (!plan.isHttp()) {
            if (header == null) {
                finish(CheckResult.passed("L4OK", 0, elapsed()));
                return;
            }
            // L4 with a PROXY header: the connect is the verdict, but the header must leave first.
            channel.writeAndFlush(Unpooled.wrappedBuffer(header))
                    .addListener(w -> finish(CheckResult.passed("L4OK", 0, elapsed())));
            return;
        }
        ByteBuf out = header == null
                ? Unpooled.wrappedBuffer(plan.httpRequest())
                : Unpooled.wrappedBuffer(header, plan.httpRequest());
        channel.writeAndFlush(out);
    }

    private void connectDeadline() {
        if (done) {
            return;
        }
        if (!connected) {
            finish(CheckResult.failed("L4TOUT", 0, elapsed(), ""));
            return;
        }
        long left = plan.responseMillis() - elapsed();
        if (left > 0) {
            deadline = loop.schedule(this::connectDeadline, left, TimeUnit.MILLISECONDS);
            return;
        }
        finish(CheckResult.failed("L7TOUT", 0, elapsed(), ""));
    }

    /** Bytes of the answer so far; decides as soon as the first line or the whole head is there. */
    private void received(ByteBuf data) {
        if (done) {
            return;
        }
        byte[] chunk = new byte[data.readableBytes()];
        data.readBytes(chunk);
        head.write(chunk, 0, chunk.length);
        byte[] bytes = head.toByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf('\n');
        if (eol >= 0 && HttpCheck.statusCode(firstLine(text, eol)) < 0) {
            finish(HttpCheck.verdict(firstLine(text, eol), plan.expectStatuses(), elapsed()));
        } else if (text.contains("\r\n\r\n") || text.contains("\n\n")) {
            finish(HttpCheck.verdict(firstLine(text, eol), plan.expectStatuses(), elapsed()));
        } else if (bytes.length > HttpCheck.MAX_HEAD) {
            finish(CheckResult.failed("L7RSP", 0, elapsed(), ""));
        }
    }

    private void closedByServer() {
        if (done) {
            return;
        }
        // An answer cut short: HAProxy's L7 parser reports an invalid response.
        finish(CheckResult.failed("L7RSP", 0, elapsed(), ""));
    }

    private void failed(Throwable cause) {
        if (!done) {
            finish(CheckErrors.socketError(cause, elapsed()));
        }
    }

    private static String firstLine(String text, int eol) {
        String line = eol < 0 ? text : text.substring(0, eol);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private void finish(CheckResult result) {
        if (done) {
            return;
        }
        done = true;
        release();
        onResult.accept(result);
    }

    private void release() {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (channel != null) {
            channel.close();
        }
    }

    private long elapsed() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** The check connection's only handler: copies what arrives and releases it at once. */
    private final class Reader extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof ByteBuf data) {
                    received(data);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (connected) {
                closedByServer();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(cause);
        }
    }
}
