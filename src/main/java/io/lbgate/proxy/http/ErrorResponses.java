package io.lbgate.proxy.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** HAProxy's generated answers ({@link ErrorPage}) as Netty responses. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    /**
     * A response with HAProxy's body and headers. {@code close} adds {@code Connection: close}, as
     * HAProxy does for 400 and 408 and whenever the client connection ends with the answer.
     */
    static FullHttpResponse of(ErrorPage page, boolean close) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(page.status(), page.reason()), Unpooled.wrappedBuffer(page.body()));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_LENGTH, page.length());
        headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/html");
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
