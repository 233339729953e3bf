package io.lbgate.proxy.http;

import io.lbgate.config.HttpConnectionMode;
import io.lbgate.logging.TerminationState.Cause;
import io.lbgate.logging.TerminationState.Phase;
import io.lbgate.proxy.AcceptGate;
import io.lbgate.proxy.backend.StreamState;
import io.lbgate.proxy.proxyprotocol.ProxyProtocolDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

import io.lbgate.proxy.SoftStop;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of an HTTP frontend: admission ({@code maxconn}), one {@link Exchange} per
 * request (its server found by the exchange's {@link io.lbgate.proxy.backend.BackendStream}),
 * pipelined requests held until the current response is through, the client-side timeouts
 * ({@link ConnectionTimers}), the endings (generated answers, reuse or close) and the switch to a
 * tunnel after a 101. Both connections of an exchange live on one event loop, so nothing here is
 * shared between threads.
 *
 * <p>Buffers: a decoded part is owned by whoever holds it; passing it to {@code write} hands
 * ownership to the channel, and every queue of parts is released on every path that drops it.
 * Backpressure: a side whose peer is not writable stops reading until the peer drains.
 */
final class FrontendConnection extends ChannelDuplexHandler {
    static final String NAME = "lbgate.frontend";

    /** The connection's life; every transition is in this class. */
    enum State {
        /** Waiting for a frontend/global {@code maxconn} slot; nothing is read. */
        ADMISSION,
        /** Admitted, between requests (or before the first). */
        IDLE,
        /** An exchange is in progress. */
        EXCHANGE,
        /** Closing: whatever arrives is dropped. */
        CLOSING,
        /** Handed over to a byte tunnel; this handler has left the pipeline. */
        TUNNEL
    }

    private final HttpProxySettings settings;
    private final ServerEndpoints endpoints;
    private final AcceptGate gate;
    /** Requests that arrived before the current response was through; made on the first one. */
    private ArrayDeque<Object> pipelined;
    private final ConnectionTimers timers = new ConnectionTimers(this);

    private ChannelHandlerContext ctx;
    private State state = State.ADMISSION;
    private boolean admitted;
    private InetSocketAddress clientAddress;
    /** {@code option forwardfor}'s value for {@link #forwardedClient}: worked out once per client. */
    private String forwardedFor;
    private InetSocketAddress forwardedClient;
    private Exchange exchange;
    /** No request has begun on this connection yet. */
    private boolean firstRequest = true;
    /** A byte of the next request has arrived. */
    private boolean requestBegun;
    /** {@link LastSegment}: the last response is being held for the FIN. */
    private boolean corked;
    /** When the first byte of the request being read arrived, for TR. */
    private long requestBeganNanos;

    FrontendConnection(HttpProxySettings settings, ServerEndpoints endpoints, AcceptGate gate) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.gate = gate;
    }

    // ---------------------------------------------------------------- what the exchange and timers use

    HttpProxySettings settings() {
        return settings;
    }

    ServerEndpoints endpoints() {
        return endpoints;
    }

    EventLoop loop() {
        return ctx.channel().eventLoop();
    }

    State state() {
        return state;
    }

    Exchange exchange() {
        return exchange;
    }

    boolean isCurrent(Exchange ex) {
        return exchange == ex && state == State.EXCHANGE;
    }

    boolean firstRequest() {
        return firstRequest;
    }

    boolean requestBegun() {
        return requestBegun;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    /** A void promise: a failed write closes the connection through exceptionCaught, no promise per write. */
    void writeToClient(Object msg) {
        ctx.write(msg, ctx.voidPromise());
    }

    void flushClient() {
        ctx.flush();
    }

    boolean clientWritable() {
        return ctx.channel().isWritable();
    }

    void setClientAutoRead(boolean read) {
        ctx.channel().config().setAutoRead(read);
    }

    /** Cuts the client connection without an answer (admin, {@code on-marked-down}); any thread. */
    void shutdown() {
        ctx.channel().close();
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
        gate.admit(() -> ctx.executor().execute(this::admittedOnLoop));
        ctx.fireChannelActive();
    }

    private void admittedOnLoop() {
        if (state != State.ADMISSION) {
            gate.release(); // the client left while it waited for a slot
            return;
        }
        admitted = true;
        state = State.IDLE;
        timers.armIdle();
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    void bytesIn(int n) {
        timers.clientActive();
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
        if (state == State.CLOSING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Exchange ex = exchange;
        if (ex != null && (ex.requestComplete() || ex.responseState == Exchange.ResponseState.SWITCHING)) {
            // A pipelined request: it waits until the current response is complete.
            (pipelined == null ? pipelined = new ArrayDeque<>(4) : pipelined).add(msg);
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
        } else if (msg instanceof HttpContent content && exchange != null) {
            requestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private String forwardedFor() {
        if (settings.forwardFor() != null && clientAddress != forwardedClient) {
            forwardedClient = clientAddress;
            forwardedFor = settings.forwardFor().valueFor(clientAddress == null ? null : clientAddress.getAddress());
        }
        return forwardedFor;
    }

    private void begin(HttpRequest request) {
        timers.disarmIdle();
        boolean firstOnConnection = firstRequest;
        firstRequest = false;
        if (request.decoderResult().isFailure()) {
            settings.frontend().counters().requestError();
            rejectWithoutExchange(RefusedRequest.pageFor(request.decoderResult()), "PR");
            return;
        }
        clientAddress = ProxyProtocolDecoder.clientAddress(ctx.channel());
        HttpHeaders headers = request.headers();
        boolean upgrade = HopByHop.isUpgrade(headers);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && settings.connectionMode() != HttpConnectionMode.CLOSE;
        long headersMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requestBeganNanos);
        Exchange ex = new Exchange(this, request, keepAlive, upgrade, firstOnConnection, headersMillis,
                settings.policy(), clientAddress == null ? null : clientAddress.getAddress());
        exchange = ex;
        state = State.EXCHANGE;
        settings.frontend().counters().requestForwarded();
        settings.frontend().counters().sessionStarted();
        timers.clientActive();
        timers.armClient();
        RequestHeaders.prepare(request, upgrade, settings, forwardedFor());
        ex.pending.add(request);
        if (HttpUtil.isTransferEncodingChunked(request)) {
            ex.requestState = Exchange.RequestState.HELD;
        } else {
            startStream(ex);
        }
    }

    /** The request may go to a server: its stream picks one (or queues, or answers 503). */
    private void startStream(Exchange ex) {
        if (ex.stream == null) {
            ex.terminate(Cause.SERVER_ABORT, Phase.CONNECT);
            fail(ex, ErrorPage.SERVICE_UNAVAILABLE, false);
            return;
        }
        ex.stream.start();
        if (isCurrent(ex) && ex.stream.state() == StreamState.QUEUED) {
            // A body that keeps arriving while we wait for a server would pile up in the exchange:
            // stop reading the client until the exchange has a server connection to stream it to.
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void requestContent(HttpContent content) {
        Exchange ex = exchange;
        if (content.decoderResult().isFailure()) {
            // A bad chunk size or a body the decoder cannot frame: request smuggling territory.
            content.release();
            settings.frontend().counters().requestError();
            if (!ex.requestSent) {
                ex.terminate(Cause.PROXY, Phase.REQUEST);
                fail(ex, ErrorPage.BAD_REQUEST, true);
            } else {
                ex.terminate(Cause.CLIENT_ABORT, Phase.DATA);
                abort();
            }
            return;
        }
        boolean wasHeld = ex.requestState == Exchange.RequestState.HELD;
        if (wasHeld) {
            ex.requestState = Exchange.RequestState.FORWARDING;
        }
        ex.requestContent(content);
        if (ex.attached()) {
            if (!ex.serverChannel.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        } else if (!ex.requestComplete()) {
            // No server connection to stream to yet: stop reading until there is one.
            ctx.channel().config().setAutoRead(false);
        }
        if (wasHeld) {
            startStream(ex);
        } else if (ex.requestComplete() && ex.responseState == Exchange.ResponseState.DONE) {
            // The rest of the body after an early response: it reaches the server before the close.
            ex.closeServerAfterWrites(settings.serverMillis());
            finish(ex, false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null && ex.attached()) {
            ex.serverChannel.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            timers.clientActive();
        }
        Exchange ex = exchange;
        if (ex != null && ex.attached()) {
            ex.serverChannel.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSING;
        timers.stopAll();
        releaseSlot();
        Exchange ex = exchange;
        if (ex != null) {
            if (ex.responseStarted() && ex.responseState != Exchange.ResponseState.DONE && ex.stream != null) {
                ex.stream.countClientAbort();
            }
            ex.terminate(Cause.CLIENT_ABORT, clientAbortPhase(ex));
            abandonExchange();
        }
        releasePipelined();
        ctx.fireChannelInactive();
    }

    /** Where an exchange was when its client left: queue, connect, headers or data. */
    private static Phase clientAbortPhase(Exchange ex) {
        if (ex.responseStarted()) {
            return Phase.DATA;
        }
        StreamState s = ex.stream == null ? StreamState.NEW : ex.stream.state();
        return s == StreamState.QUEUED ? Phase.QUEUE : s == StreamState.ESTABLISHED ? Phase.HEADERS : Phase.CONNECT;
    }

    /** {@link SoftStop} (a stop or a reload): see {@link ConnectionSoftStop}. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == SoftStop.INSTANCE) {
            ConnectionSoftStop.ask(this);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    long lastClientActivityNanos() {
        return timers.lastClientActivityNanos();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void releaseSlot() {
        if (admitted) {
            admitted = false;
            gate.release();
        }
    }

    // ---------------------------------------------------------------- the server connection

    /** {@code channel}, to the exchange's server, is up: send what waited and stream the rest. */
    void attach(Exchange ex, Channel channel) {
        ex.serverChannel = channel;
        ex.serverConnection = channel.pipeline().get(ServerConnection.class);
        ex.serverConnection.attach(ex);
        channel.config().setAutoRead(ctx.channel().isWritable());
        ex.lastServerActivityNanos = System.nanoTime();
        ex.sentNanos = System.nanoTime();
        if (ex.writePending(channel)) {
            channel.flush();
        }
        timers.armServer();
        if (pipelined == null || pipelined.isEmpty()) {
            ctx.channel().config().setAutoRead(ex.requestComplete() || channel.isWritable());
        }
    }

    // ---------------------------------------------------------------- endings

    /**
     * Answers with a generated page and ends the exchange. The client connection closes after it
     * when asked, when the request body was not read to its end, or when the client wanted it.
     */
    void fail(Exchange ex, ErrorPage page, boolean closeClient) {
        if (!isCurrent(ex)) {
            return;
        }
        if (ex.responseStarted()) {
            abort();
            return;
        }
        ex.status = page.status();
        settings.frontend().counters().responseReceived(page.status());
        if (settings.backend() != null) {
            settings.backend().counters().responseReceived(page.status());
        }
        // A body still on its way would be read as the next request: then the connection closes.
        // A request without one keeps it, as HAProxy does after its own 503.
        ex.closeClientAfter |= closeClient || (!ex.requestComplete() && !ex.bodyless) || !ex.clientKeepAlive;
        ex.responseState = Exchange.ResponseState.DONE;
        ctx.write(ErrorResponses.of(page, ex.closeClientAfter));
        finish(ex, false);
    }

    /** Ends the exchange: the server connection goes back to its pool or closes, counters end. */
    void finish(Exchange ex, boolean reuseServerConnection) {
        ex.releasePending();
        ex.releaseServerConnection(reuseServerConnection);
        endCounters(ex);
        exchange = null;
        if (ex.closeClientAfter) {
            closeClient();
            return;
        }
        state = State.IDLE;
        ctx.flush();
        requestBegun = false;
        timers.armIdle();
        resumePipelined();
    }

    private void resumePipelined() {
        Object msg;
        while (exchange == null && state == State.IDLE && pipelined != null && (msg = pipelined.poll()) != null) {
            dispatch(msg);
        }
        Exchange ex = exchange;
        if (ex == null || (!ex.requestComplete() && !ex.connecting)) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Counts the exchange's end once, gives its server slot back, and logs it. */
    void endCounters(Exchange ex) {
        if (ex.countersEnded) {
            return;
        }
        ex.countersEnded = true;
        if (ex.stream != null) {
            ex.stream.countBytes(ex.bytesIn, ex.bytesOut);
            ex.stream.close();
        }
        if (settings.accessLog() != null) {
            settings.accessLog().log(ExchangeLog.line(ex, clientAddress, settings));
        }
        settings.frontend().counters().sessionEnded();
    }

    /** Something went wrong mid-stream: both connections close, nothing is reused. */
    void abort() {
        if (exchange != null) {
            abandonExchange();
        }
        closeClient();
    }

    private void abandonExchange() {
        Exchange ex = exchange;
        exchange = null;
        ex.releasePending();
        ex.releaseServerConnection(false);
        endCounters(ex);
    }

    /** A refusal before any exchange exists (malformed head, request timeout): answer and close. */
    void rejectWithoutExchange(ErrorPage page, String termination) {
        settings.frontend().counters().responseReceived(page.status());
        boolean nothingSent = !requestBegun;
        if (settings.accessLog() != null && !(nothingSent && settings.dontLogNull())) {
            settings.accessLog().log(ExchangeLog.rejected(clientAddress, settings, page, termination,
                    requestBegun ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requestBeganNanos) : 0));
        }
        state = State.CLOSING;
        ctx.writeAndFlush(ErrorResponses.of(page, true)).addListener(ChannelFutureListener.CLOSE);
    }

    void closeClient() {
        state = State.CLOSING;
        releasePipelined();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER)
                .addListener(corked ? LastSegment.SHUT_OUTPUT_AND_CLOSE : ChannelFutureListener.CLOSE);
    }

    /** The response now starting is the last and its length is known: see {@link LastSegment}. */
    void lastResponseStarts() {
        corked = LastSegment.cork(ctx.channel());
    }

    private void releasePipelined() {
        Object msg;
        while (pipelined != null && (msg = pipelined.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    // ---------------------------------------------------------------- protocol switch

    /**
     * After a 101 the connection is no longer HTTP: both pipelines become a byte tunnel. The
     * exchange's counters stay open until the tunnel closes, so the server's current sessions
     * include its WebSockets.
     */
    void switchToTunnel(Exchange ex) {
        timers.stopAll();
        exchange = null;
        state = State.TUNNEL;
        ctx.flush();
        releasePipelined();
        // This handler leaves the pipeline, so its channelInactive will not give the maxconn slot
        // back: the tunnel does, when its first half closes (both halves run on this loop).
        TunnelSwitch.install(ctx, ex.serverChannel, settings, () -> {
            endCounters(ex);
            releaseSlot();
        });
    }
}
