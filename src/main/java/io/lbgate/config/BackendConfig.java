package io.lbgate.config;

import java.util.List;
import java.util.Objects;

/**
 * A {@code backend} (or the backend half of a {@code listen}).
 *
 * @param name           unique among backends
 * @param id             the proxy's numeric id, as HAProxy numbers it (the stats {@code iid}, the
 *                       admin form's {@code b=#<id>}); a {@code listen} section's frontend and
 *                       backend share it, else it is unique among proxies
 * @param mode           http or tcp
 * @param balance        the algorithm; {@code roundrobin} unless configured
 * @param servers        in declaration order
 * @param retries        connection retries; default 3
 * @param redispatchInterval {@code option redispatch [<interval>]}: 0 off; N &gt; 0 every Nth retry
 *                   goes to another server, -N the Nth retry before the last (-1, the default,
 *                   the last one)
 * @param allBackups     {@code option allbackups}: balance over every backup, not only the first
 * @param httpCheck      {@code option httpchk}; {@code null} for TCP-connect checks
 * @param timeouts       connect, server, queue, check, tunnel, server-fin apply here
 * @param connectionMode http-keep-alive, http-server-close or httpclose
 * @param forwardFor     {@code option forwardfor}; {@code null} when off
 * @param log            the backend's log settings
 * @param tcpKeepAlive   {@code option srvtcpka} or {@code tcpka}: SO_KEEPALIVE on server connections
 */
public record BackendConfig(
        String name,
        int id,
        ProxyMode mode,
        Algorithm balance,
        List<ServerConfig> servers,
        int retries,
        int redispatchInterval,
        boolean allBackups,
        HealthCheckSettings httpCheck,
        Timeouts timeouts,
        HttpConnectionMode connectionMode,
        ForwardFor forwardFor,
        LogSettings log,
        boolean tcpKeepAlive) {

    public static final int DEFAULT_RETRIES = 3;

    /** {@code option redispatch} without an interval: the last retry goes to another server. */
    public static final int REDISPATCH_ON_LAST_RETRY = -1;

    /** Whether {@code option redispatch} is on. */
    public boolean redispatch() {
        return redispatchInterval != 0;
    }

    public BackendConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(connectionMode, "connectionMode");
        Objects.requireNonNull(log, "log");
        servers = List.copyOf(servers);
        if (id < 1) {
            throw new IllegalArgumentException("id: " + id + " (expected: >= 1)");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries: " + retries + " (expected: >= 0)");
        }
    }
}
