package io.lbgate.proxy.http;

import io.lbgate.config.HttpConnectionMode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * What a request's headers become on their way to a server, as HAProxy rewrites them:
 * hop-by-hop headers dropped, {@code X-Forwarded-For} ({@code option forwardfor}), and the
 * {@code Connection} header the connection mode asks for ({@code close} with
 * {@code http-server-close}/{@code httpclose}, {@code keep-alive} for an HTTP/1.0 client).
 */
final class RequestHeaders {
    private RequestHeaders() {
    }

    /** @param forwardedFor the {@code option forwardfor} value for this client, {@code null} for none */
    static void prepare(HttpRequest request, boolean upgrade, HttpProxySettings settings, String forwardedFor) {
        HttpHeaders headers = request.headers();
        HopByHop.strip(headers, upgrade);
        if (settings.forwardFor() != null) {
            settings.forwardFor().apply(headers, forwardedFor);
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
}
