package io.lbgate.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Removes the hop-by-hop headers (RFC 9110 section 7.6.1) of a message before it goes to the next
 * hop: those that {@code Connection} names and the fixed list below. {@code Transfer-Encoding} is
 * framing, not metadata: the codec of the next hop re-frames the body from it, so it stays.
 */
final class HopByHop {
    private static final AsciiString[] FIXED = {
            HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_CONNECTION,
            HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER,
            HttpHeaderNames.UPGRADE};

    private HopByHop() {
    }

    /**
     * Strips the hop-by-hop headers in place.
     *
     * @param keepUpgrade keep {@code Upgrade} and a {@code Connection: upgrade} (a WebSocket handshake)
     */
    static void strip(HttpHeaders headers, boolean keepUpgrade) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            removeNamedBy(connection, headers, keepUpgrade);
        }
        for (AsciiString name : FIXED) {
            if (!(keepUpgrade && name == HttpHeaderNames.UPGRADE)) {
                headers.remove(name);
            }
        }
        if (keepUpgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
        }
    }

    /**
     * Removes the headers a {@code Connection} value names, token by token. Names of the fixed list
     * ({@code keep-alive}, the usual one) are skipped here, as they go anyway: no substring is made for
     * them, since this runs on every message.
     */
    private static void removeNamedBy(String connection, HttpHeaders headers, boolean keepUpgrade) {
        int end = connection.length();
        for (int from = 0; from <= end; ) {
            int comma = connection.indexOf(',', from);
            int to = comma < 0 ? end : comma;
            int a = from;
            int b = to;
            while (a < b && connection.charAt(a) <= ' ') {
                a++;
            }
            while (b > a && connection.charAt(b - 1) <= ' ') {
                b--;
            }
            if (a < b && !fixed(connection, a, b)) {
                headers.remove(connection.substring(a, b));
            }
            from = to + 1;
        }
    }

    private static boolean fixed(String value, int from, int to) {
        for (AsciiString name : FIXED) {
            if (name.length() == to - from && value.regionMatches(true, from, name.toString(), 0, to - from)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a request asks to switch protocols (WebSocket): {@code Connection: upgrade} and an {@code Upgrade}. */
    static boolean isUpgrade(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE, true);
    }
}
