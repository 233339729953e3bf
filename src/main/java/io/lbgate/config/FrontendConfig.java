package io.lbgate.config;

import java.util.List;
import java.util.Objects;

/**
 * A {@code frontend} (or the frontend half of a {@code listen}) served by the data plane.
 *
 * @param name           unique among frontends
 * @param id             the proxy's numeric id, as HAProxy numbers it (the stats {@code iid}, the
 *                       admin form's {@code b=#<id>}); a {@code listen} section's frontend and
 *                       backend share it, else it is unique among proxies
 * @param mode           http or tcp
 * @param binds          at least one address
 * @param maxconn        concurrent client connections; 0 = the global maxconn
 * @param defaultBackend the backend every connection goes to (from {@code default_backend} or an
 *                       unconditional {@code use_backend}); {@code null} when none, which answers 503
 * @param timeouts       client, http-request, http-keep-alive, client-fin apply here
 * @param connectionMode http-keep-alive, http-server-close or httpclose
 * @param forwardFor     {@code option forwardfor}; {@code null} when off
 * @param log            the frontend's log settings
 * @param tcpKeepAlive   {@code option clitcpka} or {@code tcpka}: SO_KEEPALIVE on client connections
 * @param prometheusExporter {@code http-request use-service prometheus-exporter}; {@code null} when none
 */
public record FrontendConfig(
        String name,
        int id,
        ProxyMode mode,
        List<BindAddress> binds,
        int maxconn,
        String defaultBackend,
        Timeouts timeouts,
        HttpConnectionMode connectionMode,
        ForwardFor forwardFor,
        LogSettings log,
        boolean tcpKeepAlive,
        PrometheusExporter prometheusExporter) {

    public FrontendConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(connectionMode, "connectionMode");
        Objects.requireNonNull(log, "log");
        binds = List.copyOf(binds);
        if (id < 1) {
            throw new IllegalArgumentException("id: " + id + " (expected: >= 1)");
        }
        if (maxconn < 0) {
            throw new IllegalArgumentException("maxconn: " + maxconn + " (expected: >= 0)");
        }
    }

    /** A frontend without the Prometheus exporter. */
    public FrontendConfig(String name, int id, ProxyMode mode, List<BindAddress> binds, int maxconn,
            String defaultBackend, Timeouts timeouts, HttpConnectionMode connectionMode, ForwardFor forwardFor,
            LogSettings log, boolean tcpKeepAlive) {
        this(name, id, mode, binds, maxconn, defaultBackend, timeouts, connectionMode, forwardFor, log, tcpKeepAlive,
                null);
    }
}
