package io.lbgate.proxy.tcp;

import io.lbgate.config.ProxyProtocol;
import io.lbgate.logging.LogFields;
import io.lbgate.logging.TerminationState.Cause;
import io.lbgate.logging.TerminationState.Phase;
import io.lbgate.proxy.SocketChannels;
import io.lbgate.proxy.backend.BackendStream;
import io.lbgate.proxy.backend.StreamState;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolDecoder;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolEncoder;
import io.lbgate.registry.Server;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.SocketChannel;

import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One proxied TCP connection, from accept to the log line: admission ({@code maxconn}), the PROXY
 * header of an {@code accept-proxy} bind, the server through the mode-independent
 * {@link BackendStream} (pick, queue, connect, retries, redispatch), then bytes both ways with
 * backpressure and half-close, the inactivity timeouts, and the end (counters, tcplog).
 *
 * <p>Threading: the server channel is registered on the client channel's event loop, so every
 * method runs on that one thread (calls from elsewhere hop onto it) and no field needs a lock.
 *
 * <p>Buffers: {@link #read} owns the buffer it is given; it is either written to the peer (the
 * write releases it), kept in {@link #pending} until the server is connected, or released.
 */
final class TcpSession implements BackendStream.Owner {
    private static final ZoneId ZONE = ZoneId.systemDefault();

    /** The session's life; every transition is in this class. */
    enum State {
        /** Accepted, waiting for a frontend/global {@code maxconn} slot; nothing is read. */
        ADMISSION,
        /** Admitted on an {@code accept-proxy} bind: reading the PROXY header. */
        PROXY_HEADER,
        /** Its {@link BackendStream} looks for a server (queue, connect, retries). */
        SERVER,
        /** Connected: bytes flow both ways. */
        RELAY,
        /** Closing both sides; {@link #end()} runs when the client is gone. */
        CLOSING,
        /** Counted and logged. */
        ENDED
    }

    private final SessionContext ctx;
    private final Channel client;
    private final boolean acceptProxy;
    private final IdleLimits idleLimits;
    private final long acceptMillis = System.currentTimeMillis();
    private final long acceptNanos = System.nanoTime();

    private State state = State.ADMISSION;
    private boolean admitted;
    private BackendStream stream;
    private Channel server;
    /** Why the session ended before it had a stream (PROXY header, no backend). */
    private Cause cause = Cause.NORMAL;
    private Phase phase = Phase.NORMAL;
    private long bytesFromClient;
    private long bytesToClient;
    private boolean clientFin;
    private boolean serverFin;
    private boolean clientClosed;
    private long lastActivityNanos = acceptNanos;
    private ScheduledFuture<?> idleTimer;
    /** Client bytes read before the server is connected; released if it never is. */
    private ArrayDeque<ByteBuf> pending;

    TcpSession(SessionContext ctx, Channel client, boolean acceptProxy) {
        this.ctx = ctx;
        this.client = client;
        this.acceptProxy = acceptProxy;
        this.idleLimits = new IdleLimits(ctx.frontendTimeouts(), ctx.backendTimeouts());
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
        if (state != State.ADMISSION) {
            ctx.gate().release(); // the client left while waiting for a slot
            return;
        }
        admitted = true;
        ctx.frontend().counters().sessionStarted();
        lastActivityNanos = System.nanoTime();
        armIdleTimer();
        if (acceptProxy) {
            state = State.PROXY_HEADER;
            client.read(); // the decoder keeps reading until the header is complete
        } else {
            startStream();
        }
    }

    void proxyHeaderReceived() {
        if (state == State.PROXY_HEADER) {
            startStream();
        }
    }

    void proxyHeaderRejected(String reason) {
        terminate(Cause.PROXY, Phase.REQUEST);
        if (ctx.accessLog() != null) {
            StringBuilder b = new StringBuilder(96);
            LogFields.appendClient(b, (InetSocketAddress) client.remoteAddress()).append(' ');
            LogFields.appendDate(b, acceptMillis, ZONE).append(' ')
                    .append(ctx.frontend().name()).append('/').append(localDisplay()).append(": ").append(reason);
            ctx.accessLog().log(b.toString());
        }
    }

    private void startStream() {
        if (ctx.policy() == null) {
            fail(Cause.SERVER_ABORT, Phase.CONNECT);
            return;
        }
        state = State.SERVER;
        stream = new BackendStream(ctx.policy(), this, client.eventLoop(), clientAddress().getAddress(), acceptNanos);
        stream.start();
    }

    // ---- the stream's calls ----

    @Override
    public void connect(Server target) {
        SocketChannel channel = SocketChannels.forPeer(ctx.serverChannelClass(), target.address());
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        channel.config().setAutoRead(false);
        if (ctx.policy().backend().config().tcpKeepAlive()) {
            channel.config().setKeepAlive(true); // option srvtcpka
        }
        if (ctx.policy().connectMillis() > 0) {
            channel.config().setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, ctx.policy().connectMillis()));
        }
        channel.pipeline().addLast(new Relay(this, false));
        server = channel;
        SocketChannels.connect(client.eventLoop(), channel, target.address())
                .addListener((ChannelFutureListener) this::connectDone);
    }

    private void connectDone(ChannelFuture future) {
        if (future.channel() != server || state != State.SERVER) {
            // The session is closing (a timeout, the client left) while this connect was in
            // flight: neither a connection error to count nor a reason to retry.
            future.channel().close();
            endIfDone();
            return;
        }
        if (future.isSuccess()) {
            relay(future.channel());
            return;
        }
        server = null;
        if (clientClosed) {
            fail(Cause.CLIENT_ABORT, Phase.CONNECT);
            return;
        }
        stream.connectFailed(!(future.cause() instanceof ConnectTimeoutException), false);
    }

    @Override
    public void serverUnavailable() {
        closeBoth();
    }

    @Override
    public void shutdown() {
        client.close(); // any thread: Netty closes it on its loop, and end() follows
    }

    private void relay(Channel channel) {
        state = State.RELAY;
        stream.connected(false);
        lastActivityNanos = System.nanoTime();
        ProxyProtocol proxy = stream.server().config().sendProxy();
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
            TcpChannels.shutdownOutputAfterWrites(channel);
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
            if (state != State.RELAY) {
                hold(buf);
                return;
            }
            stream.countBytes(n, 0);
            TcpChannels.forward(client, server, buf);
        } else {
            bytesToClient += n;
            ctx.frontend().counters().addBytesOut(n);
            stream.countBytes(0, n);
            TcpChannels.forward(server, client, buf);
        }
    }


    /** Keeps client bytes until the server is connected; the client is not read meanwhile. */
    private void hold(ByteBuf buf) {
        if (state == State.ENDED || state == State.CLOSING) {
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
        if (state == State.RELAY && to != null) {
            to.flush();
        }
    }

    /** The peer of {@code side} drained its backlog: read from {@code side}'s peer again. */
    void writabilityChanged(boolean clientSide, boolean writable) {
        if (!writable || state != State.RELAY) {
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
            if (state == State.RELAY) {
                TcpChannels.shutdownOutputAfterWrites(server);
            }
        } else {
            serverFin = true;
            TcpChannels.shutdownOutputAfterWrites(client);
        }
        if (clientFin && serverFin) {
            closeBoth();
        }
    }


    // ---- errors, timeouts, close ----

    /** A side failed (reset, write error): reset the other side as well and end. */
    void failed(boolean clientSide, Throwable error) {
        if (state == State.RELAY && stream.cause() == Cause.NORMAL) {
            // As HAProxy counts a reset: cli_abrt for the client's, eresp and srv_abrt for the server's.
            if (clientSide) {
                stream.countClientAbort();
            } else {
                stream.countResponseError();
                stream.countServerAbort();
            }
        }
        terminate(clientSide ? Cause.CLIENT_ABORT : Cause.SERVER_ABORT, currentPhase());
        TcpChannels.reset(clientSide ? server : client);
        (clientSide ? client : server).close();
    }

    void closed(boolean clientSide) {
        if (clientSide) {
            clientClosed = true;
            if (!clientFin && (state == State.ADMISSION || state == State.PROXY_HEADER || state == State.SERVER)) {
                terminate(Cause.CLIENT_ABORT, currentPhase());
            }
            if (server != null && server.isActive()) {
                TcpChannels.closeAfterWrites(server);
            }
        } else if (state == State.RELAY || state == State.CLOSING) {
            TcpChannels.closeAfterWrites(client);
        }
        endIfDone();
    }

    /** The session ends once the client is gone and no server connection is open or opening. */
    private void endIfDone() {
        if (clientClosed && (server == null || !server.isOpen())) {
            end();
        }
    }

    private void armIdleTimer() {
        long limit = idleLimits.nanos(state == State.RELAY, clientFin, serverFin);
        if (limit <= 0 || state == State.ENDED) {
            return;
        }
        long due = lastActivityNanos + limit - System.nanoTime();
        idleTimer = client.eventLoop().schedule(this::idleCheck, Math.max(due, 0), TimeUnit.NANOSECONDS);
    }

    /** Lazy inactivity timer: one task per timeout period, none per read. */
    private void idleCheck() {
        idleTimer = null;
        if (state == State.ENDED) {
            return;
        }
        boolean connected = state == State.RELAY;
        long limit = idleLimits.nanos(connected, clientFin, serverFin);
        if (limit > 0 && System.nanoTime() - lastActivityNanos >= limit) {
            boolean clientSide = idleLimits.clientSideExpired(connected, clientFin, serverFin);
            terminate(clientSide ? Cause.CLIENT_TIMEOUT : Cause.SERVER_TIMEOUT, currentPhase());
            closeBoth();
            return;
        }
        armIdleTimer();
    }

    /** The phase a termination now would be logged in. */
    private Phase currentPhase() {
        if (stream == null) {
            return state == State.PROXY_HEADER || state == State.ADMISSION ? Phase.REQUEST : Phase.CONNECT;
        }
        StreamState s = stream.state();
        return s == StreamState.QUEUED ? Phase.QUEUE : s == StreamState.ESTABLISHED ? Phase.DATA : Phase.CONNECT;
    }

    private void terminate(Cause why, Phase when) {
        if (stream != null) {
            stream.terminate(why, when);
        } else if (cause == Cause.NORMAL) {
            cause = why;
            phase = when;
        }
    }

    private void fail(Cause why, Phase when) {
        terminate(why, when);
        closeBoth();
    }

    private void closeBoth() {
        if (state == State.ENDED) {
            return;
        }
        state = State.CLOSING;
        if (stream != null) {
            stream.close(); // a connect in flight is closed by connectDone
        }
        if (server != null) {
            TcpChannels.closeAfterWrites(server);
        }
        TcpChannels.closeAfterWrites(client);
        endIfDone();
    }



    /** Runs once, when the client is gone: count and log. */
    private void end() {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        if (pending != null) {
            pending.forEach(ByteBuf::release);
            pending = null;
        }
        if (!admitted) {
            return; // no slot taken yet: admittedOnLoop gives it back when the gate hands one over
        }
        if (stream != null) {
            stream.close();
        }
        if (cause() != Cause.PROXY) {
            log();
        }
        ctx.frontend().counters().sessionEnded();
        ctx.gate().release();
    }

    private Cause cause() {
        return stream != null ? stream.cause() : cause;
    }

    private void log() {
        if (ctx.accessLog() == null || (ctx.dontLogNull() && bytesFromClient == 0)) {
            return;
        }
        ctx.accessLog().log(TcpSessionLog.line(ctx, stream, clientAddress(), acceptMillis, acceptNanos,
                bytesToClient, cause, phase));
    }

    private InetSocketAddress clientAddress() {
        return ProxyProtocolDecoder.clientAddress(client);
    }

    private String localDisplay() {
        InetSocketAddress local = (InetSocketAddress) client.localAddress();
        return local == null ? "-" : local.getAddress().getHostAddress() + ":" + local.getPort();
    }
}
