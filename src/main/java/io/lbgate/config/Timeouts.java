package io.lbgate.config;

import java.time.Duration;

/**
 * HAProxy's {@code timeout} keywords. A {@code null} component is not set; the fallbacks HAProxy
 * applies (queue to connect, http-request to client, ...) are in the {@code effective*} methods so
 * that the model stays an exact picture of what the configuration said.
 */
public record Timeouts(
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

    public static final Timeouts NONE = new Timeouts(null, null, null, null, null, null, null, null, null, null);

    /** {@code timeout queue}, falling back to {@code timeout connect} as HAProxy does. */
    public Duration effectiveQueue() {
        return queue != null ? queue : connect;
    }

    /** {@code timeout http-request}, falling back to {@code timeout client}. */
    public Duration effectiveHttpRequest() {
        return httpRequest != null ? httpRequest : client;
    }

    /** {@code timeout http-keep-alive}, falling back to http-request, then client. */
    public Duration effectiveHttpKeepAlive() {
        return httpKeepAlive != null ? httpKeepAlive : effectiveHttpRequest();
    }

    /** {@code timeout client-fin}, falling back to {@code timeout client}. */
    public Duration effectiveClientFin() {
        return clientFin != null ? clientFin : client;
    }

    /** {@code timeout server-fin}, falling back to {@code timeout server}. */
    public Duration effectiveServerFin() {
        return serverFin != null ? serverFin : server;
    }
}
