package io.lbgate.control;

import io.lbgate.config.StatsConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refuses a login attempt from an address that {@link LoginThrottle} blocks right after the HTTP
 * decoder of a stats listener's connection, so that a flood of wrong passwords costs a header
 * lookup and a small fixed answer instead of a trip through WebFlux and Spring Security; and
 * answers it only after {@link #DELAY_MILLIS}, so that a client waiting for each answer (as HTTP/1.1
 * clients do) sends at most one attempt per connection per delay. The delay is a timer on the
 * connection's event loop: no thread waits.
 *
 * <p>Only a request that carries {@code Authorization} is refused here, never a health probe (the
 * orchestrator's or keepalived's check, which may come from the same address as a guesser, see
 * {@link StatsSecurity#OPEN_PROBES}), and only when no earlier request of the connection is still
 * being answered, so that answers stay in order; anything else goes on to the application, where
 * {@link StatsAuthentication} applies the same throttle. The answer is the one Spring Security
 * gives: 401 with the listener's realm and the same headers.
 *
 * <p>Nothing more is read from the connection while an answer waits, so a client cannot queue
 * attempts; a request pipelined behind a refused one is dropped and the connection closed after
 * the answer; a refused request with a body is answered with {@code Connection: close} and what
 * arrived of its body is discarded.
 */
final class BlockedLogins extends ChannelDuplexHandler {
    static final String NAME = "lbgate.blockedLogins";
    /** How long a refused attempt waits for its answer. */
    static final long DELAY_MILLIS = 1_000;
    private static final List<String> PROBES = List.of(StatsSecurity.OPEN_PROBES);

    /** What every connection of one stats listener shares. */
    static final class Guard {
        private final LoginThrottle throttle;
        private final ListenerRequests counting;
        private final StatsConfig listener;
        private final long delayMillis;
        private final String challenge;
        private final LongAdder refused = new LongAdder();

        Guard(LoginThrottle throttle, ListenerRequests counting, StatsConfig listener, long delayMillis) {
            this.throttle = throttle;
            this.counting = counting;
            this.listener = listener;
            this.delayMillis = delayMillis;
            // As HttpBasicServerAuthenticationEntryPoint writes it.
            this.challenge = "Basic realm=\"" + listener.realm() + "\"";
        }

        /** Requests refused here since start. */
        long refused() {
            return refused.sum();
        }
    }

    /** The guard of each stats listener that has users; the others have nothing to refuse. */
    static final class Guards {
        private final Map<String, Guard> byListener = new HashMap<>();

        Guards(StatsListeners listeners, LoginThrottle throttle, ListenerRequests counting, long delayMillis) {
            for (StatsConfig listener : listeners.all()) {
                if (!listener.users().isEmpty()) {
                    byListener.put(listener.name(), new Guard(throttle, counting, listener, delayMillis));
                }
            }
        }

        /** The guard for {@code listener}, or {@code null} when it has no users. */
        Guard of(StatsConfig listener) {
            return listener == null ? null : byListener.get(listener.name());
        }

        /** Requests refused here since start, over all listeners. */
        long refused() {
            return byListener.values().stream().mapToLong(Guard::refused).sum();
        }
    }

    private final Guard guard;
    private int inFlight;       // requests passed on whose answer has not ended; event loop only
    private boolean discarding; // dropping the rest of a refused request
    private boolean answering;  // a refused request's answer is waiting for its delay
    private boolean closeAfter; // something was pipelined behind a refused request

    BlockedLogins(Guard guard) {
        this.guard = guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discarding || (answering && msg instanceof HttpRequest)) {
            if (msg instanceof HttpRequest) {
                closeAfter = true;
            }
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (inFlight == 0 && refused(ctx, request)) {
                boolean keepAlive = request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                        && HttpUtil.isKeepAlive(request) && !hasBody(request);
                String target = originForm(request.uri());
                discarding = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                answering = true;
                ctx.executor().schedule(() -> answer(ctx, target, keepAlive), guard.delayMillis, TimeUnit.MILLISECONDS);
                return;
            }
            inFlight++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse response && interim(response)) && inFlight > 0) {
            inFlight--;
        }
        ctx.write(msg, promise);
    }

    private boolean refused(ChannelHandlerContext ctx, HttpRequest request) {
        return request.decoderResult().isSuccess()
                && request.headers().contains(HttpHeaderNames.AUTHORIZATION)
                && !probe(request.uri())
                && ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                && remote.getAddress() != null
                && guard.throttle.blocked(remote.getAddress().getHostAddress());
    }

    private void answer(ChannelHandlerContext ctx, String target, boolean keepAlive) {
        answering = false;
        guard.refused.increment();
        guard.counting.answeredEarly(guard.listener, target, HttpResponseStatus.UNAUTHORIZED.code());
        if (!ctx.channel().isActive()) {
            return;
        }
        boolean close = !keepAlive || closeAfter;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.UNAUTHORIZED, Unpooled.EMPTY_BUFFER);
        HttpHeaders headers = response.headers();
        headers.set("WWW-Authenticate", guard.challenge);
        // Spring Security's default headers, so that both refusals look the same.
        headers.set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        headers.set("Pragma", "no-cache");
        headers.set("Expires", "0");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-XSS-Protection", "0");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set(HttpHeaderNames.CONTENT_LENGTH, 0); // Reactor Netty writes it so too
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            // Reactor Netty reads on demand (auto-read off) and never saw this request, so it will
            // not ask for the next one: ask for it here, as it would after an answer.
            ctx.writeAndFlush(response);
            ctx.read();
        }
    }

    /** The open health probes, matched on the path as Spring Security matches them. */
    static boolean probe(String uri) {
        String target = originForm(uri);
        int query = target.indexOf('?');
        return PROBES.contains(query < 0 ? target : target.substring(0, query));
    }

    /** The path and query of a request target, also when the client sent the absolute form. */
    static String originForm(String uri) {
        int scheme = uri.indexOf("://");
        if (uri.startsWith("/") || scheme < 0) {
            return uri;
        }
        int path = uri.indexOf('/', scheme + 3);
        return path < 0 ? "/" : uri.substring(path);
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    private static boolean interim(HttpResponse response) {
        return response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

}
