package io.lbgate.runtime;

import io.lbgate.admin.AdminService;
import io.lbgate.config.ApiLevel;
import io.lbgate.config.StatsSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection to a runtime API socket, as HAProxy 2.6 serves it: one line of commands
 * ({@code ;}-separated), each answer followed by an empty line, then the connection closes; after
 * {@code prompt} it stays open and every answer ends with a {@code > } prompt until {@code quit}
 * or {@code prompt} again. A line longer than HAProxy's limit closes the connection without an
 * answer (HAProxy leaves it unanswered); {@code stats timeout} of silence closes it too. Runs on the API's own thread:
 * nothing here can delay the data plane.
 */
final class CliSession extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(CliSession.class);
    private static final AtomicLong SERIAL = new AtomicLong(0x1000);
    static final String PROMPT = "> ";

    private final StatsSocket socket;
    private final int listenerId;
    private final CommandTable table;
    private final ApiServices services;
    private final ApiConnections connections;
    private final String id = "0x" + Long.toHexString(SERIAL.incrementAndGet());
    private final long createdNanos = System.nanoTime();
    private ChannelHandlerContext ctx;
    private ApiLevel level;
    private boolean interactive;
    private boolean done;
    private int calls;
    private AdminService.Actor actor;

    CliSession(StatsSocket socket, int listenerId, CommandTable table, ApiServices services,
               ApiConnections connections) {
        this.socket = socket;
        this.listenerId = listenerId;
        this.table = table;
        this.services = services;
        this.connections = connections;
        this.level = socket.level();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // The audit log's "who" is the socket (and its level), "where" the peer: 'unix' or its address.
        this.actor = new AdminService.Actor("stats socket " + socket.display() + " (" + socket.level().word() + ")",
                peer(ctx.channel().remoteAddress()));
        connections.opened(this);
        ctx.channel().closeFuture().addListener(f -> connections.closed(this));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        if (done) {
            return; // a non-interactive connection answers its first line only
        }
        StringBuilder out = new StringBuilder();
        for (List<String> words : CommandLine.parse(line.toString(StandardCharsets.UTF_8))) {
            if (words.equals(List.of("quit"))) {
                done = true;
                break;
            }
            out.append(run(words)).append('\n');
            if (interactive) {
                out.append(PROMPT);
            }
        }
        if (!interactive) {
            done = true;
        }
        if (out.length() > 0) {
            ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), out));
        }
        if (done) {
            ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
        } else if (!ctx.channel().isWritable()) {
            // A client that sends commands without reading the answers waits until it reads them.
            ctx.channel().config().setAutoRead(false);
        }
    }

    private String run(List<String> words) {
        calls++;
        if (words.isEmpty()) {
            return table.usage(words, false);
        }
        CliCommand command = table.find(words).orElse(null);
        if (command == null) {
            return table.usage(words, false);
        }
        if (!level.allows(command.level())) {
            return CliRequest.PERMISSION_DENIED;
        }
        if (command.keywords().equals(List.of("prompt"))) {
            interactive = !interactive;
            return "";
        }
        try {
            return command.handler().run(new CliRequest(words, String.join(" ", words), this, services));
        } catch (RuntimeException e) {
            log.warn("Runtime API command '{}' failed", String.join(" ", words), e);
            return "Internal error.\n";
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close(); // 'stats timeout' (or 'set timeout cli') of silence, as HAProxy
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            log.info("Runtime API {}: a command line longer than {} characters; connection closed without an answer",
                    actor.user(), CommandLine.MAX_LENGTH);
        } else {
            log.debug("Runtime API {}: {}", socket.display(), cause.toString());
        }
        ctx.close();
    }

    // ---- what commands read and change ----

    ApiLevel level() {
        return level;
    }

    void lowerLevel(ApiLevel lower) {
        level = lower;
    }

    AdminService.Actor actor() {
        return actor;
    }

    /** Replaces the idle timer: the new delay counts from now. */
    void idleTimeout(Duration timeout) {
        ctx.pipeline().replace(RuntimeApi.IDLE_HANDLER, RuntimeApi.IDLE_HANDLER,
                new IdleStateHandler(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    }

    Collection<CliSession> peers() {
        return connections.sessions();
    }

    String id() {
        return id;
    }

    /** On stop. */
    void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /** A {@code show sess} line in HAProxy's shape, with the fields that mean something here. */
    String describe() {
        SocketAddress remote = ctx.channel().remoteAddress();
        String proto = socket.path() != null ? "unix_stream" : socket.tcp().host().contains(":") ? "tcpv6" : "tcpv4";
        String src = remote instanceof InetSocketAddress inet
                ? (inet.getAddress().getHostAddress().contains(":") ? "[" + inet.getAddress().getHostAddress() + "]"
                : inet.getAddress().getHostAddress()) + ":" + inet.getPort()
                : "unix:" + listenerId;
        long age = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - createdNanos);
        return id + ": proto=" + proto + " src=" + src + " fe=GLOBAL be=<NONE> srv=<none> ts=00 epoch=0 age=" + age
                + "s calls=" + calls + " rate=0 cpu=0 lat=0 rc=0";
    }

    private static String peer(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "unix";
    }
}
