package io.lbgate.config;

import java.util.List;
import java.util.Objects;

/**
 * A {@code frontend} (or the frontend half of a {@code listen}) served by the data plane.
 *
 * @param name           unique among frontends
 * @param mode           http or tcp
 * @param binds          at least one address
 * @param maxconn        concurrent client connections; 0 = the global maxconn
 * @param defaultBackend the backend every connection goes to (from {@code default_backend} or an
 *                       unconditional {@code use_backend}); {@code null} when none, which answers 503
 * @param timeouts       client, http-request, http-keep-alive, client-fin apply here
 * @param connectionMode http-keep-alive, http-server-close or httpclose
 * @param forwardFor     {@code option forwardfor}; {@code null} when off
 * @param log            the frontend's log settings
 */
public record FrontendConfig(
        String name,
        ProxyMode mode,
        List<BindAddress> binds,
        int maxconn,
        String defaultBackend,
        Timeouts timeouts,
        HttpConnectionMode connectionMode,
        ForwardFor forwardFor,
        LogSettings log) {

    public FrontendConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(connectionMode, "connectionMode");
        Objects.requireNonNull(log, "log");
        binds = List.copyOf(binds);
        if (maxconn < 0) {
            throw new IllegalArgumentException("maxconn: " + maxconn + " (expected: >= 0)");
        }
    }
}
