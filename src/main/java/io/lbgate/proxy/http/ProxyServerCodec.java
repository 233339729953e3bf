package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The client-side HTTP/1.1 codec. Netty's {@code HttpServerCodec} would do, except that a proxy
 * must not accept what Netty accepts or quietly repairs: a request with both {@code Content-Length}
 * and {@code Transfer-Encoding} (Netty drops the length), a transfer coding other than plain
 * {@code chunked} (Netty reads the body as the next request), two different {@code Host} headers,
 * and the other heads HAProxy refuses ({@link RequestValidator}). Such a request is handed on as a
 * decoding failure (its cause a {@link RefusedRequest} naming the page to answer) and nothing after
 * it on the connection is decoded, so nothing of it, or of what it hides, reaches a server. Request
 * lines of a later HTTP version are read as HTTP/1.1, as HAProxy forwards them. The encoder remembers request methods so that the answer to a HEAD request is
 * never given a body or a chunked terminator, and writes header names in lower case as HAProxy does.
 *
 * <p>It also counts the bytes that cross the client connection, headers included, as HAProxy's
 * bytes in/out do (which also tells the connection that a request has begun arriving: what turns
 * an expired {@code timeout http-request} into a 408 rather than a silent close).
 *
 * <p>Memory: the decoder is borrowed from the event loop's {@link RequestDecoderPool} when request
 * bytes arrive and given back once the request has been read, so an idle kept-alive connection
 * keeps only this handler, its encoder and its context. This is one handler rather than Netty's
 * {@code CombinedChannelDuplexHandler} of a decoder and an encoder, which keeps both and two
 * contexts of its own for the connection's whole life.
 */
final class ProxyServerCodec extends ChannelDuplexHandler {
    static final String NAME = "lbgate.httpCodec";

    private final RequestDecoderPool decoders;
    private final FrontendConnection connection;
    private final MethodAwareResponseEncoder encoder = new MethodAwareResponseEncoder();
    /** The decoder while a request is being read; {@code null} between requests. */
    private StrictRequestDecoder decoder;
    /**
     * The methods of the requests whose responses are still to be written, oldest first: the
     * usual single one in {@link #oldestMethod}, pipelined ones after it in {@link #laterMethods}
     * (made on the first pipelined request, so that an idle connection holds no queue).
     */
    private HttpMethod oldestMethod;
    private ArrayDeque<HttpMethod> laterMethods;

    /** @param connection told of every byte that crosses the client connection */
    ProxyServerCodec(RequestDecoderPool decoders, FrontendConnection connection) {
        this.decoders = decoders;
        this.connection = connection;
    }

    // ---- inbound: the decoder while there is one ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        connection.bytesIn(buf.readableBytes());
        if (decoder == null) {
            decoder = decoders.take();
            decoder.lendTo(this);
        }
        decoder.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        StrictRequestDecoder current = decoder;
        if (current == null) {
            ctx.fireChannelReadComplete();
            return;
        }
        current.channelReadComplete(ctx);
        if (decoder == current && current.atRest()) {
            decoder = null;
            decoders.give(current);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (decoder != null) {
            decoder.channelInactive(ctx); // a request cut short: the decoder says so, then passes it on
        } else {
            ctx.fireChannelInactive();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (decoder != null) {
            decoder.userEventTriggered(ctx, evt);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * Leaving the pipeline (the connection closed, or became a tunnel): a decoder still lent hands
     * on what it read ahead and is dropped, not pooled, since it may be in the middle of a request.
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        StrictRequestDecoder current = decoder;
        decoder = null;
        if (current != null) {
            current.handlerRemoved(ctx);
            current.lendTo(null);
        }
    }

    // ---- outbound ----

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        encoder.write(ctx, msg, promise);
    }

    void addMethod(HttpMethod method) {
        if (oldestMethod == null) {
            oldestMethod = method;
        } else {
            (laterMethods == null ? laterMethods = new ArrayDeque<>(4) : laterMethods).add(method);
        }
    }

    private HttpMethod pollMethod() {
        HttpMethod oldest = oldestMethod;
        oldestMethod = laterMethods == null ? null : laterMethods.poll();
        return oldest;
    }

    private final class MethodAwareResponseEncoder extends HttpResponseEncoder {
        /** Every byte written to the client leaves through here (the encoder passes buffers on too). */
        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            int before = out.size();
            super.encode(ctx, msg, out);
            for (int i = before; i < out.size(); i++) {
                if (out.get(i) instanceof ByteBuf buf) {
                    connection.bytesOut(buf.readableBytes());
                }
            }
        }

        @Override
        protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
            LowerCaseHeaderWriter.write(headers, buf);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse response) {
            int code = response.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                // An interim answer: the final one to the same request is still to come.
                return true;
            }
            HttpMethod method = pollMethod();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(response);
        }
    }
}
