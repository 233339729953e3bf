package io.lbgate.proxy.http;

import io.lbgate.config.PrometheusExporter;
import io.lbgate.metrics.PrometheusExposition;
import io.lbgate.registry.Counters;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * {@code http-request use-service prometheus-exporter if { path /metrics }}: answers the requests
 * for the exporter's paths with HAProxy's Prometheus exposition and lets every other message through
 * to the {@link FrontendConnection} behind it, which never sees them.
 *
 * <p>The answer closes the connection ({@code connection: close}). The connection behind has
 * already started its {@code timeout http-request} for the request it did not see; keeping the
 * connection open would let that timer answer an idle scraper with a 408. A scraper reconnects at
 * its next interval, which costs it one handshake.
 *
 * <p>A request for the exporter that arrives pipelined behind a proxied one is answered only once
 * that response has been written in full, so that answers keep the requests' order. The exchange is
 * counted on the frontend as HAProxy counts it (a session, a request, its response class).
 */
final class PrometheusExporterHandler extends ChannelDuplexHandler {
    static final String NAME = "lbgate.prometheus";

    /** Builds the exposition once per frontend; {@code null} for a frontend without the exporter. */
    static Factory factory(Frontend frontend, Registry registry, int globalMaxconn) {
        PrometheusExporter exporter = frontend.config().prometheusExporter();
        return exporter == null ? null
                : new Factory(exporter, PrometheusExposition.of(registry, globalMaxconn), frontend.counters());
    }

    record Factory(PrometheusExporter exporter, PrometheusExposition exposition, Counters counters) {
        PrometheusExporterHandler newHandler() {
            return new PrometheusExporterHandler(this);
        }
    }

    /**
     * What becomes of what the client sends: passed to the connection behind; the body of an
     * exporter request, dropped; anything after an exporter request, dropped (the answer closes).
     */
    private enum Reading { PASSING, EXPORTER_BODY, DONE }

    private final Factory factory;
    private Reading reading = Reading.PASSING;
    /** Proxied requests whose final response has not been written in full yet. */
    private int proxiedInFlight;
    /** Whether the response being written is an interim one (1xx but 101), which does not end an exchange. */
    private boolean interimResponse;
    /** The exporter request waiting for its turn: set once it has been read in full. */
    private HttpRequest waiting;
    private boolean waitingComplete;

    private PrometheusExporterHandler(Factory factory) {
        this.factory = factory;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (reading == Reading.DONE) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (reading == Reading.EXPORTER_BODY) {
            // The body of an exporter request (a scraper sends none): nobody else reads it.
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                requestRead(ctx);
            }
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()
                && factory.exporter().serves(path(request.uri()))) {
            waiting = request;
            factory.counters().requestForwarded();
            factory.counters().sessionStarted();
            if (msg instanceof LastHttpContent) {
                ReferenceCountUtil.release(msg);
                requestRead(ctx);
            } else {
                reading = Reading.EXPORTER_BODY;
            }
            return;
        }
        if (msg instanceof HttpRequest) {
            proxiedInFlight++;
        }
        ctx.fireChannelRead(msg);
    }

    private void requestRead(ChannelHandlerContext ctx) {
        reading = Reading.DONE;
        waitingComplete = true;
        // Nothing more is read from this connection: the answer closes it.
        ctx.channel().config().setAutoRead(false);
        if (proxiedInFlight == 0) {
            answer(ctx);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            HttpResponseStatus status = response.status();
            interimResponse = status.codeClass() == HttpStatusClass.INFORMATIONAL
                    && status.code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
        }
        boolean ends = msg instanceof LastHttpContent && !interimResponse && proxiedInFlight > 0;
        ctx.write(msg, promise);
        if (ends && --proxiedInFlight == 0 && waitingComplete) {
            answer(ctx);
        }
    }

    private void answer(ChannelHandlerContext ctx) {
        HttpRequest request = waiting;
        waiting = null;
        waitingComplete = false;
        byte[] text = factory.exposition().write().getBytes(StandardCharsets.UTF_8);
        boolean head = HttpMethod.HEAD.equals(request.method());
        ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(text);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, body);
        response.headers()
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.CONTENT_TYPE, PrometheusExposition.CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        Counters counters = factory.counters();
        ctx.writeAndFlush(response).addListener(f -> {
            counters.responseReceived(HttpResponseStatus.OK.code());
            counters.sessionEnded();
        }).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (waiting != null) {
            // The scraper left before its answer: the session that was counted is over.
            waiting = null;
            factory.counters().sessionEnded();
        }
        ctx.fireChannelInactive();
    }

    /** HAProxy's {@code path} fetch: the path of an origin-form or absolute-form target, without the query. */
    static String path(String uri) {
        int start = 0;
        int scheme = uri.indexOf("://");
        if (scheme > 0 && uri.charAt(0) != '/') {
            int slash = uri.indexOf('/', scheme + 3);
            if (slash < 0) {
                return "";
            }
            start = slash;
        }
        int query = uri.indexOf('?', start);
        return query < 0 ? uri.substring(start) : uri.substring(start, query);
    }
}
