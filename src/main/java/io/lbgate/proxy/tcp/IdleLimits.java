package io.lbgate.proxy.tcp;

import io.lbgate.config.Timeouts;

import java.time.Duration;

/**
 * Which inactivity timeout applies to a TCP session at a given moment, HAProxy's choice
 * (docs/haproxy-behaviour.md, "Timeouts"): {@code timeout client} on the client side, replaced by
 * {@code client-fin} once the client half-closed and by {@code tunnel} once connected;
 * {@code timeout server} on the server side, replaced by {@code server-fin} and {@code tunnel} the
 * same way. The session is idle too long when the shorter of the two that apply has passed.
 */
record IdleLimits(Timeouts frontend, Timeouts backend) {

    /** The limit now, in nanoseconds; 0 for none. */
    long nanos(boolean connected, boolean clientFin, boolean serverFin) {
        long client = clientNanos(connected, clientFin);
        long server = connected ? serverNanos(serverFin) : 0;
        if (client <= 0) {
            return server;
        }
        return server <= 0 ? client : Math.min(client, server);
    }

    /** Whether the client's timeout is the one that expired (a {@code c} state, else {@code s}). */
    boolean clientSideExpired(boolean connected, boolean clientFin, boolean serverFin) {
        return !connected || clientNanos(true, clientFin) <= serverNanos(serverFin);
    }

    private long clientNanos(boolean connected, boolean clientFin) {
        Duration d = clientFin && frontend.clientFin() != null ? frontend.clientFin()
                : connected && backend.tunnel() != null ? backend.tunnel() : frontend.client();
        return d == null ? 0 : d.toNanos();
    }

    private long serverNanos(boolean serverFin) {
        Duration d = serverFin && backend.serverFin() != null ? backend.serverFin()
                : backend.tunnel() != null ? backend.tunnel() : backend.server();
        return d == null ? 0 : d.toNanos();
    }
}
