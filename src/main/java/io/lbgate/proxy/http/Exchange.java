package io.lbgate.proxy.http;

import io.lbgate.proxy.BackendQueue;
import io.lbgate.registry.Server;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;

/**
 * The state of one request and its response on a client connection (HAProxy's "stream"). Only
 * its {@link FrontendConnection} touches it, always on that connection's event loop.
 */
final class Exchange {
    final HttpRequest request;
    /** The client may keep its connection after this exchange (its request and our mode allow it). */
    final boolean clientKeepAlive;
    final boolean upgrade;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    /** TR: how long the request headers took, from the first byte of this request. */
    final long headersMillis;
    /** The first request of its client connection: it never reuses another client's server connection. */
    boolean firstOnConnection;

    /** For the httplog line: Tw, Tc, Tr (-1 while the step has not happened), and the state. */
    long waitNanos;
    long connectStartNanos;
    long connectMillis = -1;
    long sentNanos;
    long responseMillis = -1;
    String termination = "--";

    /** Request parts decoded but not yet written to a server (connecting, or held for checking). */
    final ArrayDeque<Object> pending = new ArrayDeque<>(4);

    Server server;
    ServerEndpoint endpoint;
    Channel serverChannel;
    ServerConnection serverConnection;
    boolean connecting;
    int retriesDone;

    /** A chunked request waits for its first chunk to decode before anything reaches a server. */
    boolean holdUntilFirstChunk;
    boolean requestComplete;
    /** At least one byte of the request went to a server: from now on it is never retried. */
    boolean requestSent;

    boolean interimResponse;
    boolean switching;
    boolean responseStarted;
    boolean serverReusable;
    /** The response says where it ends (length, chunks, or no body); otherwise the server's close ends it. */
    boolean responseFramed;
    boolean closeClientAfter;
    int status;

    long bytesIn;
    long bytesOut;
    long lastServerActivityNanos;

    /** Waiting in the backend's queue for a server slot (every usable server at its maxconn). */
    boolean queued;
    long queueStartNanos;
    BackendQueue.Waiter waiter;
    ScheduledFuture<?> queueTimer;
    boolean countersEnded;

    Exchange(HttpRequest request, boolean clientKeepAlive, boolean upgrade, long headersMillis) {
        this.request = request;
        this.headersMillis = headersMillis;
        this.clientKeepAlive = clientKeepAlive;
        this.upgrade = upgrade;
    }

    boolean attached() {
        return serverChannel != null;
    }

    /** Releases whatever was queued and not written; called on every path that abandons it. */
    void releasePending() {
        Object msg;
        while ((msg = pending.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    void cancelQueueTimer() {
        if (queueTimer != null) {
            queueTimer.cancel(false);
            queueTimer = null;
        }
    }
}
