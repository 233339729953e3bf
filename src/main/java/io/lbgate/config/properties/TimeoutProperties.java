package io.lbgate.config.properties;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

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
        @DurationMin(millis = 0) Duration httpRequest,
        @DurationMin(millis = 0) Duration queue,
        @DurationMin(millis = 0) Duration connect,
        @DurationMin(millis = 0) Duration client,
        @DurationMin(millis = 0) Duration server,
        @DurationMin(millis = 0) Duration httpKeepAlive,
        @DurationMin(millis = 0) Duration check,
        @DurationMin(millis = 0) Duration tunnel,
        @DurationMin(millis = 0) Duration clientFin,
        @DurationMin(millis = 0) Duration serverFin) {

    static final TimeoutProperties NONE = new TimeoutProperties(null, null, null, null, null, null, null, null, null,
            null);
}
