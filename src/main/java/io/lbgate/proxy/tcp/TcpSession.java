package io.lbgate.proxy.tcp;

import io.lbgate.proxy.BackendQueue;
import io.lbgate.proxy.SocketChannels;

import io.lbgate.balance.PickContext;
import io.lbgate.config.ProxyProtocol;
import io.lbgate.logging.TcpLogLine;
import io.lbgate.logging.TerminationState;
import io.lbgate.logging.TerminationState.Cause;
import io.lbgate.logging.TerminationState.Phase;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolDecoder;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolEncoder;
import io.lbgate.registry.Server;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One proxied TCP connection, from accept to the log line: admission ({@code maxconn}), the PROXY
 * header of an {@code accept-proxy} bind, the server (balancer, queue, connect with retries and
 * redispatch, facts §5.1), then bytes both ways with backpressure and half-close, inactivity
 * timeouts, and the end (counters, tcplog).
 *
 * <p>Threading: the server channel is registered on the client channel's event loop, so every
 * method runs on that one thread (calls from elsewhere hop onto it) and no field needs a lock.
 *
 * <p>Buffers: {@link #read} owns the buffer it is given; it is either written to the peer (the
 * write releases it), kept in {@link #pending} until the server is connected, or released.
 */
final class TcpSession implements BackendQueue.Waiter {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final long MAX_TURN_AROUND_MS = 1000;

    private final SessionContext ctx;
    private final Channel client;
    private final boolean acceptProxy;
    private final long acceptMillis = System.currentTimeMillis();
    private final long acceptNanos = System.nanoTime();

    private Channel server;
    private Server target;
    private Server avoid;
    private boolean admitted;
    private boolean backendCounted;
    private boolean connected;
    private boolean ended;
    private boolean queued;
    private long backendQueuePosition;
    private int retriesLeft;
    private int retries;
    private boolean redispatched;
    private long assignedNanos = -1;
    private long connectStartNanos;
    private long connectMillis = -1;
    private long bytesFromClient;
    private long bytesToClient;
    private boolean clientFin;
    private boolean serverFin;
    private boolean clientClosed;
    private boolean serverClosed;
    private Cause cause = Cause.NORMAL;
    private Phase phase = Phase.NORMAL;
    private long lastActivityNanos = acceptNanos;
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> queueTimer;
    /** The turn-around before a retry on the same server. */
    private ScheduledFuture<?> retryTimer;
    /** Client bytes read before the server is connected; released if it never is. */
    private ArrayDeque<ByteBuf> pending;

    TcpSession(SessionContext ctx, Channel client, boolean acceptProxy) {
        this.ctx = ctx;
        this.client = client;
        this.acceptProxy = acceptProxy;
    }

    Relay clientHandler() {
        return new Relay(this, true);
    }

    // ---- admission ----

    /** The client connection is established; it waits for a maxconn slot before anything is read. */
    void accepted() {
        ctx.gate().admit(() -> client.eventLoop().execute(this::admittedOnLoop));
    }

    private void admittedOnLoop() {
        if (ended) {
            ctx.gate().release(); // the client left while waiting for a slot
            return;
        }
        admitted = true;
        ctx.frontend().counters().sessionStarted();
        lastActivityNanos = System.nanoTime();
        armIdleTimer();
        if (acceptProxy) {
            client.read(); // the decoder keeps reading until the header is complete
        } else {
            assignServer(false);
        }
    }

    void proxyHeaderReceived() {
        if (!ended && !clientClosed) {
            assignServer(false);
        }
    }

    void proxyHeaderRejected(String reason) {
        cause = Cause.PROXY;
        phase = Phase.REQUEST;
        if (ctx.accessLog() != null) {
            StringBuilder b = new StringBuilder(96);
            io.lbgate.logging.LogFields.appendClient(b, (InetSocketAddress) client.remoteAddress()).append(' ');
            io.lbgate.logging.LogFields.appendDate(b, acceptMillis, ZONE).append(' ')
                    .append(ctx.frontend().name()).append('/').append(localDisplay()).append(": ").append(reason);
            ctx.accessLog().log(b.toString());
        }
    }

    // ---- server choice and connection ----

    /**
     * Picks a server (or queues, or gives up) and connects to it.
     *
     * @param fromQueue whether this session was just woken from the queue (it may go first)
     */
    private void assignServer(boolean fromQueue) {
        if (ctx.backend() == null) {
            fail(Cause.SERVER_ABORT, Phase.CONNECT);
            return;
        }
        if (!fromQueue && avoid == null && !ctx.queue().isEmpty()) {
            enqueue(); // others wait for a slot already: keep their order
            return;
        }
        PickContext pick = PickContext.of(clientAddress().getAddress());
        Server chosen = ctx.backend().pick(avoid == null ? pick : pick.avoiding(avoid));
        if (chosen == null) {
            if (ctx.backend().isUp() && hasLimitedServers()) {
                enqueue();
            } else {
                fail(Cause.SERVER_ABORT, Phase.CONNECT);
            }
            return;
        }
        if (!backendCounted) {
            backendCounted = true;
            retriesLeft = ctx.backend().config().retries();
            ctx.backend().counters().sessionStarted();
        }
        target = chosen; // its session started in Backend#pick, which took the slot atomically
        // Registered so that on-marked-down shutdown-sessions can cut it.
        target.sessions().add(client);
        if (assignedNanos < 0) {
            assignedNanos = System.nanoTime();
        }
        connect();
    }

    private boolean hasLimitedServers() {
        return ctx.backend().servers().stream().anyMatch(s -> s.usable() && s.config().maxconn() > 0);
    }

    private void enqueue() {
        queued = true;
        phase = Phase.QUEUE;
        backendQueuePosition = ctx.queue().enqueue(this);
        Duration limit = ctx.backendTimeouts().effectiveQueue();
        if (limit != null && queueTimer == null) {
            queueTimer = client.eventLoop().schedule(this::queueTimedOut, limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Called by the queue from any thread when a server slot freed. */
    @Override
    public void retry() {
        client.eventLoop().execute(() -> {
            if (ended || clientClosed) {
                // Woken for a slot but gone meanwhile: the slot goes to the next waiter, not lost.
                ctx.queue().slotFreed();
                return;
            }
            queued = false;
            phase = Phase.NORMAL;
            assignServer(true);
            if (!queued && queueTimer != null) {
                queueTimer.cancel(false);
                queueTimer = null;
            }
        });
    }

    private void queueTimedOut() {
        queueTimer = null;
        if (queued && ctx.queue().remove(this)) {
            queued = false;
            fail(Cause.SERVER_TIMEOUT, Phase.QUEUE);
        }
    }

    private void connect() {
        phase = Phase.CONNECT;
        connectStartNanos = System.nanoTime();
        Duration timeout = ctx.backendTimeouts().connect();
        InetSocketAddress address = ctx.resources().address(target);
        // TCP_NODELAY is Netty's default on the sockets it makes.
        SocketChannel channel = SocketChannels.forPeer(ctx.serverChannelClass(), address);
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        channel.config().setAutoRead(false);
        if (ctx.backend().config().tcpKeepAlive()) {
            channel.config().setKeepAlive(true); // option srvtcpka
        }
        if (timeout != null) {
            channel.config().setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        }
        channel.pipeline().addLast(new Relay(this, false));
        server = channel;
        SocketChannels.connect(client.eventLoop(), channel, address)
                .addListener((ChannelFutureListener) this::connectDone);
    }

    private void connectDone(ChannelFuture future) {
        if (ended) {
            future.channel().close();
            return;
        }
        if (cause != Cause.NORMAL) {
            // The session is being closed (a timeout, a reset) while this connect was in flight:
            // neither a connection error to count nor a reason to retry.
            future.channel().close();
            server = null;
            closeBoth();
            return;
        }
        if (future.isSuccess()) {
            connected(future.channel());
            return;
        }
        server = null;
        target.counters().connectionError();
        ctx.backend().counters().connectionError();
        if (clientClosed) {
            fail(Cause.CLIENT_ABORT, Phase.CONNECT);
        } else if (retriesLeft == 0) {
            fail(Cause.SERVER_ABORT, Phase.CONNECT);
        } else {
            retriesLeft--;
            retries++;
            retryConnect();
        }
    }

    /**
     * HAProxy's retry rule (facts §5.1): with {@code option redispatch} a failed attempt moves at
     * once to another server in a round-robin farm of several active servers, else only the last
     * retry moves; every other retry stays on the same server after a turn-around of
     * min(timeout connect, 1 s).
     */
    private void retryConnect() {
        boolean roundRobinFamily = switch (ctx.backend().config().balance()) {
            case ROUNDROBIN, STATIC_RR, RANDOM -> true;
            default -> false;
        };
        boolean redispatchNow = ctx.backend().config().redispatch()
                && (retriesLeft == 0 || (roundRobinFamily && ctx.backend().activeUsableCount() > 1));
        if (redispatchNow) {
            redispatched = true;
            target.counters().redispatched();
            ctx.backend().counters().redispatched();
            avoid = target;
            releaseServer();
            assignServer(false);
            return;
        }
        target.counters().retried();
        ctx.backend().counters().retried();
        Duration connect = ctx.backendTimeouts().connect();
        long pause = connect == null ? MAX_TURN_AROUND_MS : Math.min(connect.toMillis(), MAX_TURN_AROUND_MS);
        retryTimer = client.eventLoop().schedule(() -> {
            retryTimer = null;
            if (!ended && !clientClosed) {
                connect();
            } else if (!ended) {
                fail(Cause.CLIENT_ABORT, Phase.CONNECT);
            }
        }, pause, TimeUnit.MILLISECONDS);
    }

    private void connected(Channel channel) {
        connected = true;
        phase = Phase.NORMAL;
        connectMillis = (System.nanoTime() - connectStartNanos) / 1_000_000;
        lastActivityNanos = System.nanoTime();
        ProxyProtocol proxy = target.config().sendProxy();
        if (proxy != ProxyProtocol.NONE) {
            // Flushed at once: a server that speaks first (SMTP, ...) must not wait for client bytes.
            channel.writeAndFlush(ProxyProtocolEncoder.encode(proxy, channel.alloc(), clientAddress(),
                    ProxyProtocolDecoder.frontendAddress(client)), channel.voidPromise());
        }
        if (pending != null) {
            for (ByteBuf buf; (buf = pending.poll()) != null; ) {
                channel.write(buf, channel.voidPromise()); // the write releases buf
            }
            channel.flush();
            pending = null;
        }
        if (clientFin) {
            shutdownOutputAfterWrites(channel);
        } else {
            client.config().setAutoRead(true);
        }
        channel.config().setAutoRead(true);
    }

    // ---- data ----

    void read(boolean fromClient, ByteBuf buf) {
        int n = buf.readableBytes();
        lastActivityNanos = System.nanoTime();
        if (fromClient) {
            bytesFromClient += n;
            ctx.frontend().counters().addBytesIn(n);
            if (!connected) {
                hold(buf);
                return;
            }
            ctx.backend().counters().addBytesIn(n);
            target.counters().addBytesIn(n);
            forward(client, server, buf);
        } else {
            bytesToClient += n;
            ctx.frontend().counters().addBytesOut(n);
            ctx.backend().counters().addBytesOut(n);
            target.counters().addBytesOut(n);
            forward(server, client, buf);
        }
    }

    /** Writes {@code buf} (the write releases it) and stops reading while the peer is saturated. */
    private static void forward(Channel from, Channel to, ByteBuf buf) {
        to.write(buf, to.voidPromise());
        if (!to.isWritable()) {
            // Stop reading before flushing: a flush that drains at once re-enables reading through
            // the writability event, which must find reading already stopped.
            from.config().setAutoRead(false);
            to.flush();
        }
    }

    /** Keeps client bytes until the server is connected; the client is not read meanwhile. */
    private void hold(ByteBuf buf) {
        if (ended) {
            buf.release();
            return;
        }
        if (pending == null) {
            pending = new ArrayDeque<>(2);
        }
        pending.add(buf);
        client.config().setAutoRead(false);
    }

    void readComplete(boolean fromClient) {
        Channel to = fromClient ? server : client;
        if (connected && to != null) {
            to.flush();
        }
    }

    /** The peer of {@code side} drained its backlog: read from {@code side}'s peer again. */
    void writabilityChanged(boolean clientSide, boolean writable) {
        if (!writable || !connected) {
            return;
        }
        Channel source = clientSide ? server : client;
        boolean sourceFinished = clientSide ? serverFin : clientFin;
        if (!sourceFinished && source.isActive()) {
            source.config().setAutoRead(true);
        }
    }

    /**
     * One side sent FIN: once every byte read from it is written, shut the other side's output so
     * it sees end of stream too, while the other direction keeps flowing (half-close).
     */
    void finReceived(boolean fromClient) {
        lastActivityNanos = System.nanoTime();
        if (fromClient) {
            clientFin = true;
            if (connected) {
                shutdownOutputAfterWrites(server);
            }
        } else {
            serverFin = true;
            shutdownOutputAfterWrites(client);
        }
        if (clientFin && serverFin) {
            closeBoth();
        }
    }

    private static void shutdownOutputAfterWrites(Channel channel) {
        // Writes complete in order, so this empty write's completion follows every earlier byte.
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
                duplex.shutdownOutput();
            }
        });
    }

    // ---- errors, timeouts, close ----

    /** A side failed (reset, write error): reset the other side as well and end. */
    void failed(boolean clientSide, Throwable error) {
        if (cause == Cause.NORMAL) {
            cause = clientSide ? Cause.CLIENT_ABORT : Cause.SERVER_ABORT;
            phase = connected ? Phase.DATA : phase;
        }
        reset(clientSide ? server : client);
        (clientSide ? client : server).close();
    }

    void closed(boolean clientSide) {
        if (clientSide) {
            clientClosed = true;
            if (!clientFin && cause == Cause.NORMAL && !(clientFin && serverFin)) {
                if (!connected) {
                    cause = Cause.CLIENT_ABORT;
                    phase = queued ? Phase.QUEUE : Phase.CONNECT;
                }
            }
            if (server != null && server.isActive()) {
                closeAfterWrites(server);
            }
        } else {
            serverClosed = true;
            if (!connected) {
                return; // a failed connect attempt: connectDone decides
            }
            closeAfterWrites(client);
        }
        if (clientClosed && (server == null || serverClosed || !connected)) {
            end();
        }
    }

    private void armIdleTimer() {
        long limit = idleLimitNanos();
        if (limit <= 0 || ended) {
            return;
        }
        long due = lastActivityNanos + limit - System.nanoTime();
        idleTimer = client.eventLoop().schedule(this::idleCheck, Math.max(due, 0), TimeUnit.NANOSECONDS);
    }

    /** Lazy inactivity timer: one task per timeout period, none per read. */
    private void idleCheck() {
        idleTimer = null;
        if (ended) {
            return;
        }
        long limit = idleLimitNanos();
        if (limit > 0 && System.nanoTime() - lastActivityNanos >= limit) {
            if (cause == Cause.NORMAL) {
                cause = clientLimitNanos() <= serverLimitNanos() || !connected ? Cause.CLIENT_TIMEOUT : Cause.SERVER_TIMEOUT;
                phase = connected ? Phase.DATA : (acceptProxy && target == null ? Phase.REQUEST : phase);
            }
            closeBoth();
            return;
        }
        armIdleTimer();
    }

    private long idleLimitNanos() {
        long c = clientLimitNanos();
        long s = connected ? serverLimitNanos() : 0;
        if (c <= 0) {
            return s;
        }
        return s <= 0 ? c : Math.min(c, s);
    }

    /** client, or client-fin once the client half-closed, or tunnel once connected (facts §5.2). */
    private long clientLimitNanos() {
        var fe = ctx.frontendTimeouts();
        var be = ctx.backendTimeouts();
        Duration d = clientFin && fe.clientFin() != null ? fe.clientFin()
                : connected && be.tunnel() != null ? be.tunnel() : fe.client();
        return d == null ? 0 : d.toNanos();
    }

    private long serverLimitNanos() {
        var be = ctx.backendTimeouts();
        Duration d = serverFin && be.serverFin() != null ? be.serverFin()
                : be.tunnel() != null ? be.tunnel() : be.server();
        return d == null ? 0 : d.toNanos();
    }

    private void fail(Cause why, Phase when) {
        if (cause == Cause.NORMAL) {
            cause = why;
            phase = when;
        }
        closeBoth();
    }

    private void closeBoth() {
        if (server != null) {
            closeAfterWrites(server);
        }
        closeAfterWrites(client);
        if (server == null && !client.isOpen()) {
            end();
        }
    }

    private static void closeAfterWrites(Channel channel) {
        if (channel.isOpen()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes with SO_LINGER 0, so the peer gets a reset rather than a FIN. */
    private static void reset(Channel channel) {
        if (channel != null && channel.isOpen()) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // already closing: a plain close is all that is left
            }
            channel.close();
        }
    }

    private void releaseServer() {
        if (target != null) {
            target.sessions().remove(client);
            target.sessionEnded();
            target = null;
            ctx.queue().slotFreed();
        }
    }

    /** Runs once, when the client is gone and no server connection remains: count and log. */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        if (queueTimer != null) {
            queueTimer.cancel(false);
        }
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        if (queued && ctx.queue().remove(this)) {
            queued = false;
        }
        if (pending != null) {
            pending.forEach(ByteBuf::release);
            pending = null;
        }
        if (!admitted) {
            return; // no slot taken yet: admittedOnLoop gives it back when the gate hands one over
        }
        Server logged = target;
        releaseServer();
        if (backendCounted) {
            ctx.backend().counters().sessionEnded();
        }
        if (cause != Cause.PROXY) {
            log(logged);
        }
        ctx.frontend().counters().sessionEnded();
        ctx.gate().release();
    }

    private void log(Server logged) {
        if (ctx.accessLog() == null || (ctx.dontLogNull() && bytesFromClient == 0)) {
            return;
        }
        long now = System.nanoTime();
        String backend = ctx.backend() == null ? ctx.frontend().name() : ctx.backend().name();
        TcpLogLine line = new TcpLogLine(clientAddress(), acceptMillis, ctx.frontend().name(), backend,
                logged == null ? null : logged.name(),
                assignedNanos < 0 ? -1 : (assignedNanos - acceptNanos) / 1_000_000, connectMillis,
                (now - acceptNanos) / 1_000_000, bytesToClient, TerminationState.tcp(cause, phase),
                ctx.resources().process().current(), ctx.frontend().counters().currentSessions(),
                ctx.backend() == null ? 0 : ctx.backend().counters().currentSessions(),
                logged == null ? 0 : logged.counters().currentSessions(), retries, redispatched, 0,
                backendQueuePosition);
        ctx.accessLog().log(line.format(ZONE));
    }

    private InetSocketAddress clientAddress() {
        return ProxyProtocolDecoder.clientAddress(client);
    }

    private String localDisplay() {
        InetSocketAddress local = (InetSocketAddress) client.localAddress();
        return local == null ? "-" : local.getAddress().getHostAddress() + ":" + local.getPort();
    }
}
