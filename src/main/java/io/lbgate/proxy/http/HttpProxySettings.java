package io.lbgate.proxy.http;

import io.lbgate.config.BackendConfig;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.Timeouts;
import io.lbgate.logging.AccessLog;
import io.lbgate.logging.SyslogSender;
import io.lbgate.proxy.BackendQueue;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What one HTTP frontend needs on every request, computed once from the configuration: the
 * backend, the connection mode, the forwardfor rule and the timeouts in milliseconds (0 = none).
 *
 * @param connectionMode the stronger of the frontend's and the backend's options, as HAProxy
 *                       combines them: httpclose over http-server-close over keep-alive
 */
record HttpProxySettings(
        Frontend frontend,
        Backend backend,
        HttpConnectionMode connectionMode,
        ForwardedHeaders forwardFor,
        long httpRequestMillis,
        long keepAliveMillis,
        long clientMillis,
        long connectMillis,
        long serverMillis,
        long tunnelMillis,
        int retries,
        boolean redispatch,
        AccessLog accessLog,
        LongSupplier processConnections,
        long queueMillis,
        BackendQueue queue) {

    /**
     * @param syslog             the data plane's shared sender, {@code null} for none
     * @param processConnections current connections of the whole process, for {@code %ac}
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
        return new HttpProxySettings(frontend, backend, mode, ForwardedHeaders.of(forwardFor),
                millis(client.effectiveHttpRequest()),
                millis(client.effectiveHttpKeepAlive()),
                millis(client.client()),
                millis(server.connect()),
                millis(server.server()),
                millis(server.tunnel()),
                be == null ? 0 : be.retries(),
                be != null && be.redispatch(),
                fe.log().format() == LogSettings.Format.HTTPLOG ? new AccessLog(syslog, fe.log().targets()) : null,
                processConnections,
                millis(server.effectiveQueue()),
                queue);
    }

    private static long millis(Duration d) {
        return d == null ? 0 : Math.max(1, d.toMillis());
    }
}
