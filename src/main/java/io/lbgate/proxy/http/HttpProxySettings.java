package io.lbgate.proxy.http;

import io.lbgate.config.BackendConfig;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.Timeouts;
import io.lbgate.logging.AccessLog;
import io.lbgate.logging.SyslogSender;
import io.lbgate.proxy.backend.BackendPolicy;
import io.lbgate.proxy.backend.BackendQueue;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What one HTTP frontend needs on every request, computed once from the configuration: the
 * backend and how it is reached, the connection mode, the forwardfor rule and the timeouts in
 * milliseconds (0 = none).
 *
 * @param policy         how requests reach the backend (pick, queue, retries); {@code null} when
 *                       the frontend has no backend
 * @param connectionMode the stronger of the frontend's and the backend's options, as HAProxy
 *                       combines them: httpclose over http-server-close over keep-alive
 * @param dontLogNull    {@code option dontlognull}: no line for a connection that sent nothing
 */
record HttpProxySettings(
        Frontend frontend,
        BackendPolicy policy,
        HttpConnectionMode connectionMode,
        ForwardedHeaders forwardFor,
        long httpRequestMillis,
        long keepAliveMillis,
        long clientMillis,
        long serverMillis,
        long tunnelMillis,
        AccessLog accessLog,
        boolean dontLogNull,
        LongSupplier processConnections) {

    /**
     * @param syslog             the data plane's shared sender, {@code null} for none
     * @param processConnections current connections of the whole process, for {@code %ac}
     * @param queue              the backend's queue, {@code null} when there is no backend
     */
    static HttpProxySettings of(Frontend frontend, Backend backend, SyslogSender syslog, LongSupplier processConnections,
            BackendQueue queue) {
        FrontendConfig fe = frontend.config();
        BackendConfig be = backend == null ? null : backend.config();
        HttpConnectionMode mode = fe.connectionMode();
        if (be != null && be.connectionMode().compareTo(mode) > 0) {
            mode = be.connectionMode();
        }
        ForwardFor forwardFor = be != null && be.forwardFor() != null ? be.forwardFor() : fe.forwardFor();
        Timeouts client = fe.timeouts();
        Timeouts server = be == null ? Timeouts.NONE : be.timeouts();
        return new HttpProxySettings(frontend, backend == null ? null : BackendPolicy.of(backend, queue), mode,
                ForwardedHeaders.of(forwardFor),
                millis(client.effectiveHttpRequest()),
                millis(client.effectiveHttpKeepAlive()),
                millis(client.client()),
                millis(server.server()),
                millis(server.tunnel()),
                fe.log().format() == LogSettings.Format.HTTPLOG ? new AccessLog(syslog, fe.log().targets()) : null,
                fe.log().dontLogNull(),
                processConnections);
    }

    /** The backend, or {@code null}. */
    Backend backend() {
        return policy == null ? null : policy.backend();
    }

    /** {@code timeout connect} in milliseconds, 0 for the system's. */
    long connectMillis() {
        return policy == null ? 0 : policy.connectMillis();
    }

    private static long millis(Duration d) {
        return d == null ? 0 : Math.max(1, d.toMillis());
    }
}
