package io.lbgate.health;

import io.lbgate.config.BackendConfig;
import io.lbgate.config.HealthCheckSettings;
import io.lbgate.config.ProxyProtocol;
import io.lbgate.config.ServerConfig;
import io.lbgate.config.Timeouts;
import io.lbgate.registry.Server;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What one server's checks do, worked out once from its configuration: where to connect, which
 * PROXY header and HTTP request to send, which statuses pass and how long each probe may last.
 *
 * @param address          the check target: {@code addr}/{@code port} when set, else the server's;
 *                         resolved once, unresolved when the name did not resolve
 * @param proxyHeader      the PROXY header sent first, {@link ProxyProtocol#NONE} for none
 * @param httpRequest      the exact request bytes for {@code option httpchk}; {@code null} for a
 *                         TCP-connect check
 * @param expectStatuses   statuses that pass; empty means any 2xx or 3xx
 * @param connectMillis    the probe fails with {@code L4TOUT} if not connected by then (from its start)
 * @param responseMillis   an HTTP probe fails with {@code L7TOUT} if no complete answer by then
 */
record CheckPlan(InetSocketAddress address, ProxyProtocol proxyHeader, byte[] httpRequest,
                 List<Integer> expectStatuses, long connectMillis, long responseMillis) {

    CheckPlan {
        expectStatuses = List.copyOf(expectStatuses);
    }

    /** For {@code server}, whose check address the registry resolved once, as traffic's. */
    static CheckPlan of(Server target) {
        return of(target.backend().config(), target.config(), target.checkAddress());
    }

    static CheckPlan of(BackendConfig backend, ServerConfig server, InetSocketAddress address) {
        HealthCheckSettings http = backend.httpCheck();
        long connect = connectMillis(backend.timeouts(), server.inter());
        return new CheckPlan(address, proxyHeader(server),
                http == null ? null : HttpCheck.request(http),
                http == null ? List.of() : http.expectStatuses(),
                connect, responseMillis(backend.timeouts(), connect));
    }

    boolean isHttp() {
        return httpRequest != null;
    }

    /**
     * The server line's {@code send-proxy}/{@code send-proxy-v2} applies to checks only when they go
     * where traffic goes (no {@code port}, no {@code addr}); {@code check-send-proxy} forces it, as v1
     * unless the server line asks for v2 (docs/haproxy-behaviour.md, "Health checks").
     */
    static ProxyProtocol proxyHeader(ServerConfig server) {
        boolean sameTarget = server.checkPort() == 0 && server.checkAddr() == null;
        if (server.sendProxy() != ProxyProtocol.NONE && (sameTarget || server.checkSendProxy())) {
            return server.sendProxy();
        }
        return server.checkSendProxy() ? ProxyProtocol.V1 : ProxyProtocol.NONE;
    }

    /**
     * HAProxy 2.6 arms {@code inter} as the probe's expiry, shortened to {@code timeout connect} only
     * when {@code timeout check} is set too (process_chk_conn); {@code timeout connect} alone never
     * applies to checks.
     */
    static long connectMillis(Timeouts timeouts, Duration inter) {
        long limit = inter.toMillis();
        if (timeouts.check() != null && timeouts.connect() != null) {
            limit = Math.min(limit, timeouts.connect().toMillis());
        }
        return Math.max(1, limit);
    }

    /**
     * Observed on 2.6.12 against a server that accepts and never answers: the probe ends at the first
     * expiry above, or at {@code timeout check} counted from the probe's start when that is later
     * (connect 500ms + check 1s → 1005 ms; connect 500ms + check 5s → 5004 ms; connect 2s + check
     * 500ms, inter 3s → ≈2 s; no timeout check, inter 3s → 3002 ms).
     */
    static long responseMillis(Timeouts timeouts, long connectMillis) {
        return timeouts.check() == null ? connectMillis : Math.max(connectMillis, timeouts.check().toMillis());
    }
}
