package io.lbgate.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Map;

/**
 * Copies headers from one hop to the next without the hop-by-hop ones (RFC 9110 section 7.6.1):
 * those that {@code Connection} names, and the fixed list below. Framing headers are re-created
 * by the next hop's codec from the body it actually sends.
 */
final class HopByHop {
    private HopByHop() {
    }

    static void copy(HttpHeaders from, HttpHeaders to) {
        String connection = from.get(HttpHeaderNames.CONNECTION);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (!isHopByHop(name) && !namedBy(connection, name)) {
                to.add(name, header.getValue());
            }
        }
    }

    static boolean isHopByHop(CharSequence name) {
        return HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.KEEP_ALIVE.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.PROXY_CONNECTION.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.TE.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.TRAILER.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.UPGRADE.contentEqualsIgnoreCase(name);
    }

    private static boolean namedBy(String connection, String name) {
        if (connection == null) {
            return false;
        }
        for (String token : connection.split(",")) {
            if (token.trim().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
