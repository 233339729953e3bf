package io.lbgate.proxy.tcp;

import io.lbgate.config.Timeouts;
import io.lbgate.logging.AccessLog;
import io.lbgate.proxy.AcceptGate;
import io.lbgate.proxy.backend.BackendPolicy;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;
import io.netty.channel.socket.SocketChannel;

/**
 * What every session of one TCP frontend needs, resolved once when the frontend starts.
 *
 * @param frontend           the registry frontend (counters, name)
 * @param policy             how its default backend is reached; {@code null} when it has none
 *                           (every connection is closed, {@code <NOSRV>})
 * @param resources          what all TCP frontends share
 * @param gate               the frontend's maxconn gate
 * @param accessLog          where tcplog lines go; {@code null} when the frontend does not log
 * @param dontLogNull        {@code option dontlognull}
 * @param frontendTimeouts   client, client-fin
 * @param backendTimeouts    connect, server, queue, tunnel, server-fin
 * @param serverChannelClass the socket channel class matching the event loops
 */
record SessionContext(
        Frontend frontend,
        BackendPolicy policy,
        TcpResources resources,
        AcceptGate gate,
        AccessLog accessLog,
        boolean dontLogNull,
        Timeouts frontendTimeouts,
        Timeouts backendTimeouts,
        Class<? extends SocketChannel> serverChannelClass) {

    /** The default backend, or {@code null}. */
    Backend backend() {
        return policy == null ? null : policy.backend();
    }
}
