package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.AsciiString;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The server-side HTTP/1.1 codec. It does what Netty's {@code HttpClientCodec} does for a proxy
 * (the answer to a HEAD request has no body whatever its headers say; interim 1xx answers do not
 * consume a request), and writes request header names in lower case as HAProxy does.
 */
final class ProxyClientCodec extends CombinedChannelDuplexHandler<HttpResponseDecoder, HttpRequestEncoder> {
    /** Requests written and not yet answered, oldest first. */
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);

    ProxyClientCodec() {
        init(new MethodAwareResponseDecoder(), new LowerCaseRequestEncoder());
    }

    private final class LowerCaseRequestEncoder extends HttpRequestEncoder {
        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest request) {
                methods.add(request.method());
            }
            super.encode(ctx, msg, out);
        }

        @Override
        protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
            LowerCaseHeaderWriter.write(headers, buf);
        }
    }

    private final class MethodAwareResponseDecoder extends HttpResponseDecoder {
        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            int code = ((HttpResponse) msg).status().code();
            if (code >= 100 && code < 200) {
                // An interim answer: the final one to the same request is still to come.
                return super.isContentAlwaysEmpty(msg);
            }
            HttpMethod method = methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }

        // A server answers with the same status line and header names again and again.

        @Override
        protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
            return RepeatedTokens.name(sb, start, length);
        }

        @Override
        protected String splitFirstWordInitialLine(byte[] sb, int start, int length) {
            return RepeatedTokens.word(sb, start, length);
        }

        @Override
        protected String splitSecondWordInitialLine(byte[] sb, int start, int length) {
            return RepeatedTokens.word(sb, start, length);
        }

        @Override
        protected String splitThirdWordInitialLine(byte[] sb, int start, int length) {
            return RepeatedTokens.word(sb, start, length);
        }
    }
}
