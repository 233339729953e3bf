package io.lbgate.proxy.http;

import io.lbgate.balance.PickContext;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Server;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import io.lbgate.logging.HttpLogLine;
import io.lbgate.proxy.AcceptGate;
import io.lbgate.proxy.SoftStop;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolDecoder;
import java.time.ZoneId;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of an HTTP frontend, and the heart of HTTP mode. For each request it picks
 * a server, takes an idle keep-alive connection to it from the same event loop (or opens one,
 * retrying and redispatching on connect failures as HAProxy does), streams the request to it and
 * the response back, then returns the server connection for reuse. Both connections live on one
 * event loop, so nothing here is shared between threads.
 *
 * <p>Buffers: a decoded body part is owned by whoever holds it; passing it to {@code write} hands
 * ownership to the channel, and every queue of parts is released on every path that drops it.
 * Backpressure: a side whose peer is not writable stops reading until the peer drains.
 */
final class FrontendConnection extends ChannelDuplexHandler {
    static final String NAME = "lbgate.frontend";

    private static final ZoneId ZONE = ZoneId.systemDefault();

    /** HAProxy waits this long at most between two retries on the same server. */
    private static final long MAX_RETRY_PAUSE_MILLIS = 1000;

    private final HttpProxySettings settings;
    private final ServerEndpoints endpoints;
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private InetSocketAddress clientAddress;
    private Exchange exchange;
    private boolean firstRequest = true;
    private boolean requestBegun;
    /** When the first byte of the request being read arrived, for TR. */
    private long requestBeganNanos;
    private boolean closing;
    private ScheduledFuture<?> idleTimer;
    private long idleTimerDueNanos;
    /** When the connection may idle until, waiting for a request; 0 while a request is in progress. */
    private long idleDeadlineNanos;
    private ScheduledFuture<?> serverTimer;
    private ScheduledFuture<?> clientTimer;
    /** Last time the client sent a byte or drained what we sent it (timeout client). */
    private long lastClientActivityNanos;

    private final AcceptGate gate;
    private boolean admitted;

    FrontendConnection(HttpProxySettings settings, ServerEndpoints endpoints, AcceptGate gate) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.gate = gate;
    }

    // ---------------------------------------------------------------- client side

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            clientAddress = remote;
        }
        // frontend and global maxconn: the connection is read only once the gate admits it.
        gate.admit(() -> ctx.executor().execute(this::admitted));
        ctx.fireChannelActive();
    }

    private void releaseSlot() {
        if (admitted) {
            admitted = false;
            gate.release();
        }
    }

    private void admitted() {
        if (closing) {
            gate.release(); // the client left while it waited for a slot
            return;
        }
        admitted = true;
        armIdleTimer();
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    void bytesIn(int n) {
        lastClientActivityNanos = System.nanoTime();
        if (!requestBegun && exchange == null) {
            requestBeganNanos = System.nanoTime();
        }
        requestBegun = true;
        settings.frontend().counters().addBytesIn(n);
        if (exchange != null) {
            exchange.bytesIn += n;
        }
    }

    void bytesOut(int n) {
        settings.frontend().counters().addBytesOut(n);
        if (exchange != null) {
            exchange.bytesOut += n;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (exchange != null && (exchange.requestComplete || exchange.switching)) {
            // A pipelined request: it waits until the current response is complete.
            pipelined.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            if (exchange != null) {
                // A new head while the previous body is unfinished cannot come from a sane decoder.
                ReferenceCountUtil.release(msg);
                abort();
                return;
            }
            begin(request);
            if (msg instanceof HttpContent content) {
                // A full request is what the decoder makes of a head it cannot parse: begin refused it.
                if (exchange != null) {
                    requestContent(content);
                } else {
                    content.release();
                }
            }
        } else if (msg instanceof HttpContent content) {
            if (exchange == null) {
                content.release();
                return;
            }
            requestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(HttpRequest request) {
        cancelIdleTimer();
        boolean firstOnConnection = firstRequest;
        firstRequest = false;
        if (request.decoderResult().isFailure()) {
            settings.frontend().counters().requestError();
            rejectWithoutExchange(ErrorPage.BAD_REQUEST, "PR");
            return;
        }
        clientAddress = ProxyProtocolDecoder.clientAddress(ctx.channel());
        HttpHeaders headers = request.headers();
        boolean upgrade = HopByHop.isUpgrade(headers);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && settings.connectionMode() != HttpConnectionMode.CLOSE;
        long headersMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requestBeganNanos);
        exchange = new Exchange(request, keepAlive, upgrade, headersMillis);
        exchange.firstOnConnection = firstOnConnection;
        settings.frontend().counters().requestForwarded();
        settings.frontend().counters().sessionStarted();
        Backend backend = settings.backend();
        if (backend != null) {
            backend.counters().sessionStarted();
        }
        lastClientActivityNanos = System.nanoTime();
        armClientTimer();
        prepareRequestHeaders(request, upgrade);
        exchange.pending.add(request);
        exchange.holdUntilFirstChunk = HttpUtil.isTransferEncodingChunked(request);
        if (!exchange.holdUntilFirstChunk) {
            connect(null);
        }
    }

    private void prepareRequestHeaders(HttpRequest request, boolean upgrade) {
        HttpHeaders headers = request.headers();
        HopByHop.strip(headers, upgrade);
        if (settings.forwardFor() != null) {
            settings.forwardFor().apply(headers, clientAddress == null ? null : clientAddress.getAddress());
        }
        if (upgrade) {
            return;
        }
        if (settings.connectionMode() != HttpConnectionMode.KEEP_ALIVE) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void requestContent(HttpContent content) {
        Exchange ex = exchange;
        if (content.decoderResult().isFailure()) {
            // A bad chunk size or a body the decoder cannot frame: request smuggling territory.
            content.release();
            settings.frontend().counters().requestError();
            if (!ex.requestSent) {
                ex.termination = "PR";
                fail(ErrorPage.BAD_REQUEST, true);
            } else {
                ex.termination = "CD";
                abort();
            }
            return;
        }
        if (content instanceof LastHttpContent) {
            ex.requestComplete = true;
        }
        if (ex.attached() && !ex.connecting) {
            ex.serverChannel.write(content);
            ex.requestSent = true;
            // Sending to the server is activity on the server side: timeout server measures silence.
            ex.lastServerActivityNanos = System.nanoTime();
            if (!ex.serverChannel.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        } else {
            ex.pending.add(content);
            if (!ex.requestComplete) {
                // No server connection to stream to yet: stop reading until there is one.
                ctx.channel().config().setAutoRead(false);
            }
            if (ex.holdUntilFirstChunk) {
                ex.holdUntilFirstChunk = false;
                connect(null);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null && ex.attached() && !ex.connecting) {
            ex.serverChannel.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            lastClientActivityNanos = System.nanoTime();
        }
        Exchange ex = exchange;
        if (ex != null && ex.attached()) {
            ex.serverChannel.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        stopIdleTimer();
        stopServerTimer();
        stopClientTimer();
        releaseSlot();
        if (exchange != null) {
            if ("--".equals(exchange.termination)) {
                exchange.termination = exchange.responseStarted ? "CD" : "CH";
            }
            abandonExchange();
        }
        releasePipelined();
        ctx.fireChannelInactive();
    }

    /**
     * {@link SoftStop} (a stop or a reload): the connection closes between requests, never while
     * the client may be sending one. A request whose response has not started gets
     * {@code Connection: close} and is the last. A response already on its way (without that
     * header) is let finish, and the connection looked at again: the client's next request is
     * then the last. An idle connection closes once silent for {@link SoftStop#QUIET_MILLIS}: a
     * keep-alive client under load sends its next request right after a response, and closing in
     * that moment would reset a request already on the wire.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt != SoftStop.INSTANCE) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (closing) {
            return;
        }
        if (exchange != null && !exchange.responseStarted) {
            exchange.closeClientAfter = true;
            return;
        }
        long askedNanos = System.nanoTime();
        ctx.executor().schedule(() -> {
            if (closing) {
                return;
            }
            if (exchange == null && admitted && !requestBegun && lastClientActivityNanos - askedNanos < 0) {
                closeClient();
            } else {
                userEventTriggered(ctx, evt);
            }
        }, SoftStop.QUIET_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    // ---------------------------------------------------------------- choosing and reaching a server

    /** Picks a server, avoiding {@code avoid} when redispatching, and connects to it. */
    private void connect(Server avoid) {
        connect(avoid, false);
    }

    /**
     * Picks a server and connects to it; when every usable server is at its {@code maxconn} the
     * exchange waits in the backend's queue, as HAProxy's do (and a new exchange queues behind
     * those already waiting, so that the queue stays first come, first served).
     */
    private void connect(Server avoid, boolean fromQueue) {
        Exchange ex = exchange;
        Backend backend = settings.backend();
        if (backend != null && !fromQueue && avoid == null && settings.queue() != null && !settings.queue().isEmpty()) {
            enqueue(ex);
            return;
        }
        PickContext pick = PickContext.of(clientAddress == null ? null : clientAddress.getAddress());
        Server server = backend == null ? null : backend.pick(avoid == null ? pick : pick.avoiding(avoid), ex.server);
        if (server == null) {
            if (backend != null && settings.queue() != null && backend.isUp() && hasLimitedServers(backend)) {
                enqueue(ex);
                return;
            }
            ex.termination = "SC";
            fail(ErrorPage.SERVICE_UNAVAILABLE, false);
            return;
        }
        connectTo(server);
    }

    private static boolean hasLimitedServers(Backend backend) {
        for (Server server : backend.servers()) {
            if (server.usable() && server.config().maxconn() > 0) {
                return true;
            }
        }
        return false;
    }

    private void enqueue(Exchange ex) {
        // A body that keeps arriving while we wait for a server would pile up in the exchange:
        // stop reading the client until the exchange has a server connection to stream it to.
        ctx.channel().config().setAutoRead(false);
        ex.queued = true;
        ex.queueStartNanos = System.nanoTime();
        ex.waiter = () -> ctx.executor().execute(() -> dequeued(ex));
        settings.queue().enqueue(ex.waiter);
        if (settings.queueMillis() > 0) {
            ex.queueTimer = ctx.executor().schedule(() -> queueExpired(ex), settings.queueMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A slot freed and this exchange is the oldest waiter; on its own loop. */
    private void dequeued(Exchange ex) {
        if (exchange != ex || !ex.queued) {
            // Gone meanwhile: the slot is passed on, not lost.
            settings.queue().slotFreed();
            return;
        }
        leaveQueue(ex);
        connect(null, true);
    }

    private void queueExpired(Exchange ex) {
        ex.queueTimer = null;
        if (exchange != ex || !ex.queued) {
            return;
        }
        settings.queue().remove(ex.waiter);
        leaveQueue(ex);
        ex.termination = "sQ";
        fail(ErrorPage.SERVICE_UNAVAILABLE, false);
    }

    private void leaveQueue(Exchange ex) {
        ex.queued = false;
        ex.cancelQueueTimer();
        ex.waitNanos += System.nanoTime() - ex.queueStartNanos;
    }

    /** Attaches a connection to {@code server}: an idle one of this loop when there is one, else a new one. */
    private void connectTo(Server server) {
        Exchange ex = exchange;
        if (ex.server != server) {
            if (ex.server != null) {
                ex.server.sessions().remove(ctx.channel());
                ex.server.sessionEnded();
                if (settings.queue() != null) {
                    settings.queue().slotFreed();
                }
            }
            // Its session started in Backend#pick, which took the slot atomically.
            // Registered so that on-marked-down shutdown-sessions can cut it.
            server.sessions().add(ctx.channel());
            ex.server = server;
            ex.endpoint = endpoints.of(server);
        }
        // HAProxy's default, http-reuse safe: the first request of a client connection goes over a
        // new server connection, never over one another client used. A server may close an idle
        // connection just as we reuse it; then only a client that has had an answer on this
        // connection before sees the error, and such a client retries by itself (browsers do).
        Channel idle = ex.firstOnConnection ? null : ex.endpoint.takeIdle(ctx.channel().eventLoop());
        if (idle != null) {
            attach(idle);
            return;
        }
        ex.connecting = true;
        ex.connectStartNanos = System.nanoTime();
        // The client keeps being read while we connect: a request without a body is complete
        // before the connection is, and pausing and resuming the client would be two more system
        // calls per request. A body part that arrives meanwhile pauses it (requestContent).
        ChannelFuture future = ex.endpoint.connect(ctx.channel().eventLoop(), settings.connectMillis());
        ex.serverChannel = future.channel();
        future.addListener(f -> connected(ex, future));
    }

    private void connected(Exchange ex, ChannelFuture future) {
        if (exchange != ex) {
            // The client left (or the exchange failed) while we were connecting.
            future.channel().pipeline().get(ServerConnection.class).release(future.channel(), false);
            return;
        }
        ex.connecting = false;
        if (future.isSuccess()) {
            ex.connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ex.connectStartNanos);
            attach(future.channel());
            return;
        }
        ex.serverChannel = null;
        ex.server.counters().connectionError();
        retry(ex);
    }

    /** HAProxy's retries: same server, except the last one with {@code option redispatch}. */
    private void retry(Exchange ex) {
        Backend backend = settings.backend();
        if (ex.retriesDone >= settings.retries()) {
            ex.termination = "SC";
            fail(ErrorPage.SERVICE_UNAVAILABLE, false);
            return;
        }
        ex.retriesDone++;
        ex.server.counters().retried();
        backend.counters().retried();
        boolean redispatch = settings.redispatch() && ex.retriesDone == settings.retries();
        if (redispatch) {
            ex.server.counters().redispatched();
            backend.counters().redispatched();
            connect(ex.server);
            return;
        }
        long pause = settings.connectMillis() == 0 ? MAX_RETRY_PAUSE_MILLIS
                : Math.min(settings.connectMillis(), MAX_RETRY_PAUSE_MILLIS);
        ex.waitNanos += TimeUnit.MILLISECONDS.toNanos(pause);
        ctx.executor().schedule(() -> {
            if (exchange == ex) {
                connectTo(ex.server);
            }
        }, pause, TimeUnit.MILLISECONDS);
    }

    private void attach(Channel channel) {
        Exchange ex = exchange;
        ex.serverChannel = channel;
        ex.serverConnection = channel.pipeline().get(ServerConnection.class);
        ex.serverConnection.attach(this);
        channel.config().setAutoRead(ctx.channel().isWritable());
        ex.lastServerActivityNanos = System.nanoTime();
        Object part;
        boolean wrote = false;
        while ((part = ex.pending.poll()) != null) {
            channel.write(part);
            wrote = true;
        }
        if (ex.connectMillis < 0) {
            ex.connectMillis = 0; // a kept-alive connection: no connect at all
        }
        ex.sentNanos = System.nanoTime();
        if (wrote) {
            ex.requestSent = true;
            channel.flush();
        }
        armServerTimer();
        if (pipelined.isEmpty()) {
            ctx.channel().config().setAutoRead(ex.requestComplete || channel.isWritable());
        }
    }

    // ---------------------------------------------------------------- server side, called by ServerConnection

    void serverRead(Object msg) {
        Exchange ex = exchange;
        if (ex == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ex.lastServerActivityNanos = System.nanoTime();
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                // Not HTTP: closing the connection brings us to serverClosed, which answers 502.
                ReferenceCountUtil.release(msg);
                ex.serverChannel.close();
                return;
            }
            responseHead(ex, response);
        }
        if (msg instanceof HttpContent content) {
            responseContent(ex, content);
        }
    }

    private void responseHead(Exchange ex, HttpResponse response) {
        int code = response.status().code();
        if (code == 101 && ex.upgrade) {
            ex.switching = true;
        } else if (code >= 100 && code < 200) {
            ex.interimResponse = true;
            ctx.write(response);
            return;
        }
        ex.status = code;
        ex.responseStarted = true;
        ex.responseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ex.sentNanos);
        ex.server.counters().responseReceived(code);
        settings.backend().counters().responseReceived(code);
        settings.frontend().counters().responseReceived(code);
        if (ex.switching) {
            ctx.write(response);
            return;
        }
        ex.serverReusable = settings.connectionMode() == HttpConnectionMode.KEEP_ALIVE && HttpUtil.isKeepAlive(response);
        HttpHeaders headers = response.headers();
        HopByHop.strip(headers, false);
        boolean framed = HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response)
                || code == 204 || code == 304 || HttpMethodIs.head(ex.request);
        ex.responseFramed = framed;
        ex.closeClientAfter |= !ex.clientKeepAlive || !framed;
        if (ex.closeClientAfter) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (ex.request.protocolVersion() == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(response);
    }

    private void responseContent(Exchange ex, HttpContent content) {
        ctx.write(content);
        if (!ctx.channel().isWritable()) {
            ex.serverChannel.config().setAutoRead(false);
        }
        if (!(content instanceof LastHttpContent)) {
            return;
        }
        if (ex.interimResponse) {
            ex.interimResponse = false;
            return;
        }
        if (ex.switching) {
            switchToTunnel(ex);
            return;
        }
        finish(ex, ex.serverReusable && ex.requestComplete);
    }

    void serverReadComplete() {
        ctx.flush();
    }

    void serverWritabilityChanged(boolean writable) {
        Exchange ex = exchange;
        if (ex != null && !ex.requestComplete) {
            ctx.channel().config().setAutoRead(writable);
        }
    }

    /** The server connection closed while this exchange used it. */
    void serverClosed(Channel channel) {
        Exchange ex = exchange;
        if (ex == null || ex.serverChannel != channel || ex.connecting) {
            return;
        }
        ex.serverChannel = null;
        ex.serverConnection = null;
        if (!ex.responseStarted) {
            ex.server.counters().responseError();
            ex.termination = "SH";
            fail(ErrorPage.BAD_GATEWAY, false);
            return;
        }
        if (!ex.responseFramed) {
            // A close-delimited response ends with the server's close: pass the end on.
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            finish(ex, false);
            return;
        }
        ex.termination = "SD";
        abort();
    }

    // ---------------------------------------------------------------- timers

    /*
     * Both timers live as long as the connection and are re-armed by moving a deadline, not by
     * cancelling and scheduling a task per request: on a kept-alive connection that would be two
     * task-queue insertions and removals for every request. A task that fires before its deadline
     * moved further just schedules itself for the rest.
     */

    private void armIdleTimer() {
        long millis = firstRequest ? settings.httpRequestMillis() : settings.keepAliveMillis();
        if (millis <= 0) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        idleDeadlineNanos = deadline;
        if (idleTimer != null && idleTimerDueNanos - deadline > 0) {
            idleTimer.cancel(false); // the new deadline is earlier than the pending check
            idleTimer = null;
        }
        if (idleTimer == null) {
            scheduleIdleCheck(deadline);
        }
    }

    private void scheduleIdleCheck(long dueNanos) {
        idleTimerDueNanos = dueNanos;
        idleTimer = ctx.executor().schedule(this::idleCheck, dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private void cancelIdleTimer() {
        idleDeadlineNanos = 0;
    }

    private void stopIdleTimer() {
        idleDeadlineNanos = 0;
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    private void idleCheck() {
        idleTimer = null;
        if (idleDeadlineNanos == 0 || exchange != null || closing) {
            return;
        }
        if (idleDeadlineNanos - System.nanoTime() > 0) {
            scheduleIdleCheck(idleDeadlineNanos);
            return;
        }
        idleDeadlineNanos = 0;
        if (requestBegun) {
            // Part of a request arrived, but never its end: HAProxy's 408.
            settings.frontend().counters().requestError();
            rejectWithoutExchange(ErrorPage.REQUEST_TIMEOUT, "cR");
        } else {
            closeClient();
        }
    }

    private void armServerTimer() {
        long millis = settings.serverMillis();
        if (millis <= 0 || serverTimer != null) {
            return;
        }
        serverTimer = ctx.executor().schedule(this::serverCheck, millis, TimeUnit.MILLISECONDS);
    }

    /** {@code timeout server}: silence on the server side of the current exchange. */
    private void serverCheck() {
        serverTimer = null;
        Exchange ex = exchange;
        if (ex == null || !ex.attached() || ex.connecting || ex.switching || closing) {
            return; // the next exchange arms it again
        }
        long idleNanos = System.nanoTime() - ex.lastServerActivityNanos;
        long limitNanos = TimeUnit.MILLISECONDS.toNanos(settings.serverMillis());
        if (idleNanos < limitNanos) {
            serverTimer = ctx.executor().schedule(this::serverCheck, limitNanos - idleNanos, TimeUnit.NANOSECONDS);
            return;
        }
        if (!ex.responseStarted) {
            ex.termination = "sH";
            fail(ErrorPage.GATEWAY_TIMEOUT, false);
        } else {
            ex.termination = "sD";
            abort();
        }
    }

    private void armClientTimer() {
        long millis = settings.clientMillis();
        if (millis <= 0 || clientTimer != null) {
            return;
        }
        clientTimer = ctx.executor().schedule(this::clientCheck, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code timeout client} during an exchange: the client was expected to send the rest of its
     * request, or to read what we send it, and did neither for that long.
     */
    private void clientCheck() {
        clientTimer = null;
        Exchange ex = exchange;
        if (ex == null || ex.switching || closing) {
            return; // the next exchange arms it again
        }
        long limitNanos = TimeUnit.MILLISECONDS.toNanos(settings.clientMillis());
        boolean waitingOnClient = !ex.requestComplete || (ex.responseStarted && !ctx.channel().isWritable());
        long idleNanos = System.nanoTime() - lastClientActivityNanos;
        if (!waitingOnClient || idleNanos < limitNanos) {
            long next = waitingOnClient ? limitNanos - idleNanos : limitNanos;
            clientTimer = ctx.executor().schedule(this::clientCheck, next, TimeUnit.NANOSECONDS);
            return;
        }
        settings.frontend().counters().requestError();
        ex.termination = ex.responseStarted ? "cD" : "cR";
        if (!ex.responseStarted) {
            fail(ErrorPage.REQUEST_TIMEOUT, true);
        } else {
            abort();
        }
    }

    private void stopClientTimer() {
        if (clientTimer != null) {
            clientTimer.cancel(false);
            clientTimer = null;
        }
    }

    private void stopServerTimer() {
        if (serverTimer != null) {
            serverTimer.cancel(false);
            serverTimer = null;
        }
    }

    // ---------------------------------------------------------------- endings

    /**
     * Answers with a generated page and ends the exchange. The client connection closes after it
     * when asked, when the request body was not read to its end, or when the client wanted it.
     */
    private void fail(ErrorPage page, boolean closeClient) {
        Exchange ex = exchange;
        if (ex.responseStarted) {
            abort();
            return;
        }
        ex.status = page.status();
        settings.frontend().counters().responseReceived(page.status());
        if (settings.backend() != null) {
            settings.backend().counters().responseReceived(page.status());
        }
        ex.closeClientAfter |= closeClient || !ex.requestComplete || !ex.clientKeepAlive;
        ctx.write(ErrorResponses.of(page, ex.closeClientAfter));
        finish(ex, false);
    }

    /** Ends the exchange: the server connection goes back to its pool or closes, counters end. */
    private void finish(Exchange ex, boolean reuseServerConnection) {
        ex.cancelQueueTimer();
        ex.releasePending();
        if (ex.serverConnection != null) {
            ex.serverConnection.release(ex.serverChannel, reuseServerConnection);
        } else if (ex.serverChannel != null) {
            ex.serverChannel.close();
        }
        endCounters(ex);
        exchange = null;
        if (ex.closeClientAfter) {
            closeClient();
            return;
        }
        ctx.flush();
        requestBegun = false;
        armIdleTimer();
        resumePipelined();
    }

    private void resumePipelined() {
        Object msg;
        while (exchange == null && !closing && (msg = pipelined.poll()) != null) {
            dispatch(msg);
        }
        Exchange ex = exchange;
        if (exchange == null || (!ex.requestComplete && !ex.connecting)) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void endCounters(Exchange ex) {
        if (ex.countersEnded) {
            return;
        }
        ex.countersEnded = true;
        if (settings.accessLog() != null) {
            logExchange(ex);
        }
        settings.frontend().counters().sessionEnded();
        Backend backend = settings.backend();
        if (backend != null) {
            backend.counters().sessionEnded();
            backend.counters().addBytesIn(ex.bytesIn);
            backend.counters().addBytesOut(ex.bytesOut);
        }
        if (ex.server != null) {
            ex.server.counters().addBytesIn(ex.bytesIn);
            ex.server.counters().addBytesOut(ex.bytesOut);
            ex.server.sessions().remove(ctx.channel());
            ex.server.sessionEnded();
            if (settings.queue() != null) {
                settings.queue().slotFreed();
            }
        }
    }

    private void logExchange(Exchange ex) {
        Backend backend = settings.backend();
        Server server = ex.server;
        long active = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ex.startNanos);
        HttpRequest r = ex.request;
        settings.accessLog().log(new HttpLogLine(clientAddress, ex.startMillis - ex.headersMillis,
                settings.frontend().name(), backend == null ? settings.frontend().name() : backend.name(),
                ex.connectMillis >= 0 && server != null ? server.name() : null,
                ex.headersMillis, ex.connectMillis >= 0 || ex.waitNanos > 0 ? TimeUnit.NANOSECONDS.toMillis(ex.waitNanos) : -1,
                ex.connectMillis, ex.responseMillis, active, ex.status, ex.bytesOut, ex.termination,
                settings.processConnections().getAsLong(), settings.frontend().counters().currentSessions(),
                backend == null ? 0 : backend.counters().currentSessions(),
                server == null ? 0 : server.counters().currentSessions(), ex.retriesDone,
                ex.retriesDone > 0 && settings.redispatch() && ex.retriesDone == settings.retries(),
                r.method().name() + ' ' + r.uri() + ' ' + r.protocolVersion().text()).format(ZONE));
    }

    /** Something went wrong mid-stream: both connections close, nothing is reused. */
    private void abort() {
        Exchange ex = exchange;
        if (ex != null) {
            abandonExchange();
        }
        closeClient();
    }

    private void abandonExchange() {
        Exchange ex = exchange;
        exchange = null;
        if (ex.queued) {
            settings.queue().remove(ex.waiter);
            leaveQueue(ex);
        }
        ex.releasePending();
        if (ex.serverConnection != null) {
            ex.serverConnection.release(ex.serverChannel, false);
        } else if (ex.serverChannel != null) {
            ex.serverChannel.close();
        }
        endCounters(ex);
    }

    /** A refusal before any exchange exists (malformed head, request timeout): answer and close. */
    private void rejectWithoutExchange(ErrorPage page, String termination) {
        settings.frontend().counters().responseReceived(page.status());
        if (settings.accessLog() != null) {
            long now = System.currentTimeMillis();
            long since = requestBegun ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requestBeganNanos) : 0;
            settings.accessLog().log(new HttpLogLine(clientAddress, now - since, settings.frontend().name(),
                    settings.frontend().name(), null, -1, -1, -1, -1, since, page.status(), 0, termination,
                    settings.processConnections().getAsLong(), settings.frontend().counters().currentSessions(),
                    0, 0, 0, false, null).format(ZONE));
        }
        closing = true;
        ctx.writeAndFlush(ErrorResponses.of(page, true)).addListener(ChannelFutureListener.CLOSE);
    }

    private void closeClient() {
        closing = true;
        releasePipelined();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void releasePipelined() {
        Object msg;
        while ((msg = pipelined.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    // ---------------------------------------------------------------- protocol switch

    /**
     * After a 101 the connection is no longer HTTP: both pipelines drop their codecs and become a
     * byte tunnel. The exchange's counters stay open until the tunnel closes, so the server's
     * current sessions include its WebSockets.
     */
    private void switchToTunnel(Exchange ex) {
        stopIdleTimer();
        stopServerTimer();
        stopClientTimer();
        exchange = null;
        closing = true;
        ctx.flush();
        Channel client = ctx.channel();
        Channel server = ex.serverChannel;
        long idleMillis = settings.tunnelMillis() > 0 ? settings.tunnelMillis()
                : Math.max(settings.clientMillis(), settings.serverMillis());
        // This handler leaves the pipeline, so its channelInactive will not give the maxconn slot
        // back: the tunnel does, when its first half closes (both halves run on this loop).
        Runnable onClose = () -> {
            endCounters(ex);
            releaseSlot();
        };
        ChannelPipeline serverPipeline = server.pipeline();
        serverPipeline.remove(ServerConnection.NAME);
        serverPipeline.remove(ServerConnection.CODEC);
        addTunnel(serverPipeline, client, idleMillis, onClose);
        ChannelPipeline clientPipeline = client.pipeline();
        addTunnel(clientPipeline, server, idleMillis, onClose);
        clientPipeline.remove(ProxyServerCodec.NAME);
        releasePipelined();
        client.config().setAutoRead(true);
        server.config().setAutoRead(true);
        clientPipeline.remove(this);
    }

    private static void addTunnel(ChannelPipeline pipeline, Channel peer, long idleMillis, Runnable onClose) {
        if (idleMillis > 0) {
            pipeline.addLast("lbgate.tunnelIdle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
        }
        pipeline.addLast(Tunnel.NAME, new Tunnel(peer, onClose));
    }
}
