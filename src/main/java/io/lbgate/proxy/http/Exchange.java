package io.lbgate.proxy.http;

import io.lbgate.config.HttpConnectionMode;
import io.lbgate.logging.TerminationState;
import io.lbgate.logging.TerminationState.Cause;
import io.lbgate.logging.TerminationState.Phase;
import io.lbgate.proxy.backend.BackendPolicy;
import io.lbgate.proxy.backend.BackendStream;
import io.lbgate.registry.Server;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response on a client connection (the HTTP half of HAProxy's stream): the
 * request parts on their way to a server, the server connection the {@link BackendStream} got for
 * it, and the response on its way back. Created and used only by its {@link FrontendConnection},
 * on that connection's event loop; {@link ServerConnection} hands it what the server sends.
 *
 * <p>Buffers: a request part is owned by {@link #pending} until written to the server (the write
 * releases it); every path that abandons the exchange calls {@link #releasePending()}.
 */
final class Exchange implements BackendStream.Owner {

    /** How far the request has gone. */
    enum RequestState {
        /** A chunked request waits for its first chunk to decode before anything reaches a server. */
        HELD,
        /** Parts go to the server as they come (or wait in {@link #pending} until it is attached). */
        FORWARDING,
        /** The last part was read from the client. */
        COMPLETE
    }

    /** How far the response has gone. */
    enum ResponseState {
        /** Nothing sent to the client yet (an interim 1xx may have been). */
        WAITING,
        /**
         * A final head arrived and waits for the first body part or the end of the read: a body
         * that turns out broken at once still gets a clean 502, as HAProxy gives it.
         */
        HEAD_HELD,
        /** A final head was sent; the body follows. */
        STREAMING,
        /** A 101 to an upgrade request: once its head is out, the connection becomes a tunnel. */
        SWITCHING,
        /** Sent to its end, or abandoned. */
        DONE
    }

    final FrontendConnection connection;
    final HttpRequest request;
    /** The client may keep its connection after this exchange (its request and our mode allow it). */
    final boolean clientKeepAlive;
    final boolean upgrade;
    /** The request has no body (no length or a zero one, not chunked): its end is already known. */
    final boolean bodyless;
    /** The first request of its client connection: it never reuses another client's server connection. */
    final boolean firstOnConnection;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    /** TR: how long the request headers took, from the first byte of this request. */
    final long headersMillis;
    /** How this request reaches a server; {@code null} when the frontend has no backend. */
    final BackendStream stream;

    RequestState requestState = RequestState.FORWARDING;
    ResponseState responseState = ResponseState.WAITING;
    /** Request parts decoded but not yet written to a server (connecting, queued, or held). */
    final ArrayDeque<Object> pending = new ArrayDeque<>(4);
    /** At least one byte of the request went to a server: from now on it is never retried. */
    boolean requestSent;

    ServerEndpoint endpoint;
    Channel serverChannel;
    ServerConnection serverConnection;
    boolean connecting;

    /** A 1xx was passed on: its end is not the response's. */
    private boolean interim;
    /** The final head, in {@link ResponseState#HEAD_HELD}. */
    private HttpResponse heldHead;
    boolean serverReusable;
    /** The response says where it ends (length, chunks, or no body); otherwise the server's close ends it. */
    boolean responseFramed;
    boolean closeClientAfter;
    int status;
    long sentNanos;
    long responseMillis = -1;
    long bytesIn;
    long bytesOut;
    long lastServerActivityNanos;
    boolean countersEnded;
    /** Why it ended when there is no stream (no backend); else the stream keeps it. */
    private Cause cause = Cause.NORMAL;
    private Phase phase = Phase.NORMAL;

    Exchange(FrontendConnection connection, HttpRequest request, boolean clientKeepAlive, boolean upgrade,
            boolean firstOnConnection, long headersMillis, BackendPolicy policy, InetAddress client) {
        this.connection = connection;
        this.request = request;
        this.clientKeepAlive = clientKeepAlive;
        this.upgrade = upgrade;
        this.bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        this.firstOnConnection = firstOnConnection;
        this.headersMillis = headersMillis;
        this.stream = policy == null ? null
                : new BackendStream(policy, this, connection.loop(), client, startNanos);
    }

    boolean attached() {
        return serverChannel != null && !connecting;
    }

    boolean requestComplete() {
        return requestState == RequestState.COMPLETE;
    }

    /** Whether the client has been sent any of the response (then only a cut can end it badly). */
    boolean responseStarted() {
        return responseState != ResponseState.WAITING && responseState != ResponseState.HEAD_HELD;
    }

    // ---------------------------------------------------------------- termination

    /** Records why the exchange ends; the first reason wins. */
    void terminate(Cause why, Phase when) {
        if (stream != null) {
            stream.terminate(why, when);
        } else if (cause == Cause.NORMAL) {
            cause = why;
            phase = when;
        }
    }

    /** The log's two characters. */
    String termination() {
        return stream != null ? TerminationState.tcp(stream.cause(), stream.phase())
                : TerminationState.tcp(cause, phase);
    }

    Server server() {
        return stream == null ? null : stream.server();
    }

    // ---------------------------------------------------------------- BackendStream.Owner

    /** Attaches an idle connection to {@code server} of this loop, or opens a new one. */
    @Override
    public void connect(Server server) {
        endpoint = connection.endpoints().of(server);
        // HAProxy's default, http-reuse safe: the first request of a client connection goes over a
        // new server connection, never over one another client used. A server may close an idle
        // connection just as we reuse it; then only a client that has had an answer on this
        // connection before sees the error, and such a client retries by itself (browsers do).
        Channel idle = firstOnConnection ? null : endpoint.takeIdle(connection.loop());
        if (idle != null) {
            stream.connected(true);
            connection.attach(this, idle);
            return;
        }
        connecting = true;
        // The client keeps being read while we connect: a request without a body is complete
        // before the connection is, and pausing and resuming the client would be two more system
        // calls per request. A body part that arrives meanwhile pauses it.
        ChannelFuture future = endpoint.connect(connection.loop(), connection.settings().connectMillis());
        serverChannel = future.channel();
        future.addListener(f -> connectDone(future));
    }

    private void connectDone(ChannelFuture future) {
        if (!connection.isCurrent(this)) {
            // The client left (or the exchange failed) while we were connecting.
            future.channel().pipeline().get(ServerConnection.class).release(future.channel(), false);
            return;
        }
        connecting = false;
        if (future.isSuccess()) {
            stream.connected(false);
            connection.attach(this, future.channel());
            return;
        }
        serverChannel = null;
        stream.connectFailed(!(future.cause() instanceof ConnectTimeoutException), false);
    }

    @Override
    public void serverUnavailable() {
        connection.fail(this, ErrorPage.SERVICE_UNAVAILABLE, false);
    }

    @Override
    public void shutdown() {
        connection.shutdown();
    }

    // ---------------------------------------------------------------- request parts

    /** Writes what waited for the server; returns whether anything was written. */
    boolean writePending(Channel channel) {
        boolean wrote = false;
        for (Object part; (part = pending.poll()) != null; ) {
            // The write owns the part from here. A void promise: a failed write reaches the server
            // connection's exceptionCaught, which closes it; a promise per part was garbage per request.
            channel.write(part, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            requestSent = true;
        }
        return wrote;
    }

    /** A request part: straight to the server when attached, else kept until it is. */
    void requestContent(HttpContent content) {
        if (content instanceof LastHttpContent) {
            requestState = RequestState.COMPLETE;
        }
        if (attached()) {
            serverChannel.write(content, serverChannel.voidPromise());
            requestSent = true;
            // Sending to the server is activity on the server side: timeout server measures silence.
            lastServerActivityNanos = System.nanoTime();
        } else {
            pending.add(content);
        }
    }

    /** Releases whatever was queued and not written; called on every path that abandons it. */
    void releasePending() {
        for (Object part; (part = pending.poll()) != null; ) {
            ReferenceCountUtil.release(part);
        }
        releaseHeldHead();
    }

    /** The server connection closes once what was written to it is out; this exchange lets go of it. */
    void closeServerAfterWrites(long limitMillis) {
        if (serverConnection != null) {
            serverConnection.closeAfterWrites(serverChannel, limitMillis);
        } else if (serverChannel != null) {
            serverChannel.close();
        }
        serverConnection = null;
        serverChannel = null;
    }

    /** Gives the server connection back to its pool ({@code reuse}) or closes it. */
    void releaseServerConnection(boolean reuse) {
        if (serverConnection != null) {
            serverConnection.release(serverChannel, reuse);
        } else if (serverChannel != null) {
            serverChannel.close();
        }
        serverConnection = null;
        serverChannel = null;
    }

    // ---------------------------------------------------------------- response, from ServerConnection

    /** A decoded response part from the server connection this exchange holds. */
    void serverRead(Object msg) {
        if (!connection.isCurrent(this)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastServerActivityNanos = System.nanoTime();
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                // Not HTTP: HAProxy's PH. Closing brings us to serverClosed, which answers 502.
                ReferenceCountUtil.release(msg);
                terminate(Cause.PROXY, Phase.HEADERS);
                serverChannel.close();
                return;
            }
            responseHead(response);
        }
        if (msg instanceof HttpContent content) {
            responseContent(content);
        }
    }

    private void responseHead(HttpResponse response) {
        int code = response.status().code();
        if (code == 101 && upgrade) {
            responseState = ResponseState.SWITCHING;
            countResponse(code);
            connection.writeToClient(response);
            return;
        }
        if (code >= 100 && code < 200) {
            interim = true;
            connection.writeToClient(response);
            return;
        }
        serverReusable = connection.settings().connectionMode() == HttpConnectionMode.KEEP_ALIVE
                && HttpUtil.isKeepAlive(response);
        HttpHeaders headers = response.headers();
        HopByHop.strip(headers, false);
        responseFramed = HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response)
                || code == 204 || code == 304 || HttpMethodIs.head(request);
        closeClientAfter |= !clientKeepAlive || !responseFramed;
        if (closeClientAfter) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        heldHead = response;
        responseState = ResponseState.HEAD_HELD;
    }

    /** The held head goes to the client: from now on the response has started. */
    private void commitHead() {
        HttpResponse head = heldHead;
        if (head == null) {
            return;
        }
        heldHead = null;
        responseState = ResponseState.STREAMING;
        countResponse(head.status().code());
        if (closeClientAfter && (HttpUtil.isContentLengthSet(head) || bodyless(head))) {
            connection.lastResponseStarts();
        }
        connection.writeToClient(head);
    }

    private boolean bodyless(HttpResponse head) {
        int code = head.status().code();
        return code == 204 || code == 304 || HttpMethodIs.head(request);
    }

    private void countResponse(int code) {
        status = code;
        responseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNanos);
        server().counters().responseReceived(code);
        stream.backend().counters().responseReceived(code);
        connection.settings().frontend().counters().responseReceived(code);
    }

    private void responseContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            // A chunk size or framing the decoder cannot read: the body is broken. Passing the
            // decoder's last part on would hand the client a final chunk the server never sent,
            // a truncated download that looks whole. As HAProxy: a 502 (PH) if nothing was sent
            // yet, else the stream is cut (SD).
            content.release();
            stream.countResponseError();
            if (heldHead != null) {
                ReferenceCountUtil.release(heldHead);
                heldHead = null;
                responseState = ResponseState.WAITING;
                terminate(Cause.PROXY, Phase.HEADERS);
                connection.fail(this, ErrorPage.BAD_GATEWAY, false);
            } else {
                terminate(Cause.SERVER_ABORT, Phase.DATA);
                connection.abort();
            }
            return;
        }
        commitHead();
        connection.writeToClient(content);
        if (!connection.clientWritable()) {
            serverChannel.config().setAutoRead(false);
        }
        if (!(content instanceof LastHttpContent)) {
            return;
        }
        if (interim) {
            interim = false;
            return;
        }
        if (responseState == ResponseState.SWITCHING) {
            connection.switchToTunnel(this);
            return;
        }
        responseState = ResponseState.DONE;
        if (requestComplete()) {
            connection.finish(this, serverReusable);
        } else {
            // The server answered before reading the whole request: as HAProxy, the rest of the
            // body still goes to it, and the client connection closes once it is through.
            serverReusable = false;
            closeClientAfter = true;
            connection.flushClient();
        }
    }

    void serverReadComplete() {
        commitHead();
        connection.flushClient();
    }

    void serverWritabilityChanged(boolean writable) {
        if (!requestComplete()) {
            connection.setClientAutoRead(writable);
        }
    }

    /** The server connection closed while this exchange held it. */
    void serverClosed(Channel channel) {
        if (!connection.isCurrent(this) || serverChannel != channel || connecting) {
            return;
        }
        serverChannel = null;
        serverConnection = null;
        commitHead();
        if (!responseStarted()) {
            stream.countResponseError();
            terminate(Cause.SERVER_ABORT, Phase.HEADERS);
            connection.fail(this, ErrorPage.BAD_GATEWAY, false);
            return;
        }
        if (!responseFramed && responseState == ResponseState.STREAMING) {
            // A close-delimited response ends with the server's close: pass the end on.
            connection.writeToClient(LastHttpContent.EMPTY_LAST_CONTENT);
            responseState = ResponseState.DONE;
            closeClientAfter = true;
            connection.flushClient();
            connection.finish(this, false);
            return;
        }
        if (responseState == ResponseState.DONE) {
            connection.finish(this, false); // an early response whose request body can go nowhere now
            return;
        }
        stream.countResponseError();
        stream.countServerAbort();
        terminate(Cause.SERVER_ABORT, Phase.DATA);
        connection.abort();
    }

    /** Releases a head still held when the exchange is abandoned. */
    void releaseHeldHead() {
        if (heldHead != null) {
            ReferenceCountUtil.release(heldHead);
            heldHead = null;
        }
    }
}
