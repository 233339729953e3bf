package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The client-side HTTP/1.1 codec. Netty's {@code HttpServerCodec} would do, except for one thing a
 * proxy must not accept: a request with both {@code Content-Length} and {@code Transfer-Encoding}
 * (the classic smuggling vector), which Netty quietly repairs by dropping the length. Here such a
 * request is marked as a decoding failure so that it is refused with 400 before anything of it
 * reaches a server. The encoder remembers request methods so that the answer to a HEAD request is
 * never given a body or a chunked terminator, and writes header names in lower case as HAProxy does.
 */
final class ProxyServerCodec extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder> {
    static final String NAME = "lbgate.httpCodec";

    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();

    ProxyServerCodec(HttpDecoderConfig config) {
        init(new StrictRequestDecoder(config), new MethodAwareResponseEncoder());
    }

    private final class StrictRequestDecoder extends HttpRequestDecoder {
        StrictRequestDecoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            int before = out.size();
            super.decode(ctx, buffer, out);
            for (int i = before; i < out.size(); i++) {
                if (out.get(i) instanceof HttpRequest request) {
                    methods.add(request.method());
                }
            }
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            super.handleTransferEncodingChunkedWithContentLength(message);
            message.setDecoderResult(DecoderResult.failure(
                    new IllegalArgumentException("both Content-Length and Transfer-Encoding")));
        }
    }

    private final class MethodAwareResponseEncoder extends HttpResponseEncoder {
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
            HttpMethod method = methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(response);
        }
    }
}
