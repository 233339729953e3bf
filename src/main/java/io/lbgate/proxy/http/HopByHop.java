package io.lbgate.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.List;

/**
 * Removes the hop-by-hop headers (RFC 9110 section 7.6.1) of a message before it goes to the next
 * hop: those that {@code Connection} names and the fixed list below. {@code Transfer-Encoding} is
 * framing, not metadata: the codec of the next hop re-frames the body from it, so it stays.
 */
final class HopByHop {
    private static final List<AsciiString> FIXED = List.of(
            HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_CONNECTION,
            HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER,
            HttpHeaderNames.UPGRADE);

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
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !(keepUpgrade && name.equalsIgnoreCase("upgrade"))) {
                    headers.remove(name);
                }
            }
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

    /** Whether a request asks to switch protocols (WebSocket): {@code Connection: upgrade} and an {@code Upgrade}. */
    static boolean isUpgrade(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE, true);
    }
}
