package io.lbgate.config.properties;

import java.time.Duration;

/**
 * HAProxy's {@code timeout} keywords. A bare number is milliseconds, as in haproxy.cfg; {@code 10s},
 * {@code 1m} also work. A frontend or backend starts from every timeout of {@code lbgate.defaults}, as
 * a haproxy.cfg proxy copies its defaults section; it may then set the ones of its own side (marked
 * frontend or backend below), and a timeout of the other side is ignored with a warning, as HAProxy
 * ignores {@code timeout server} in a frontend. Unset everywhere, a timeout is not set at all (HAProxy
 * then applies its fallbacks, noted per key).
 *
 * @param httpRequest   'timeout http-request': time to receive a whole request header
 *                      (frontend). Falls back to 'client'.
 * @param queue         'timeout queue': time a request may wait for a server slot
 *                      (backend). Falls back to 'connect'.
 * @param connect       'timeout connect': time to establish a server connection (backend).
 * @param client        'timeout client': client inactivity (frontend).
 * @param server        'timeout server': server inactivity (backend).
 * @param httpKeepAlive 'timeout http-keep-alive': idle time between two requests on a client
 *                      connection (frontend). Falls back to 'http-request', then 'client'.
 * @param check         'timeout check': read timeout of a health check once connected
 *                      (backend). Unset: 'inter' bounds the check.
 * @param tunnel        'timeout tunnel': inactivity of a tunnel such as a WebSocket (backend).
 *                      Unset: client and server timeouts apply.
 * @param clientFin     'timeout client-fin': inactivity after the client half-closed
 *                      (frontend). Falls back to 'client'.
 * @param serverFin     'timeout server-fin': inactivity after the server half-closed
 *                      (backend). Falls back to 'server'.
 */
public record TimeoutProperties(
        Duration httpRequest,
        Duration queue,
        Duration connect,
        Duration client,
        Duration server,
        Duration httpKeepAlive,
        Duration check,
        Duration tunnel,
        Duration clientFin,
        Duration serverFin) {

    static final TimeoutProperties NONE = new TimeoutProperties(null, null, null, null, null, null, null, null, null,
            null);

    /** A timeout may be 0, not negative. */
    void checkValues(PropertyChecks at) {
        at.atLeast("http-request", httpRequest, Duration.ZERO);
        at.atLeast("queue", queue, Duration.ZERO);
        at.atLeast("connect", connect, Duration.ZERO);
        at.atLeast("client", client, Duration.ZERO);
        at.atLeast("server", server, Duration.ZERO);
        at.atLeast("http-keep-alive", httpKeepAlive, Duration.ZERO);
        at.atLeast("check", check, Duration.ZERO);
        at.atLeast("tunnel", tunnel, Duration.ZERO);
        at.atLeast("client-fin", clientFin, Duration.ZERO);
        at.atLeast("server-fin", serverFin, Duration.ZERO);
    }
}
