package io.lbgate.config.properties;

import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.ProxyMode;
import java.util.List;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * A {@code frontend}: where clients connect. Each unset key is taken from {@code lbgate.defaults}.
 *
 * @param name           unique among frontends
 * @param mode           'http' or 'tcp'; from 'lbgate.defaults.mode' when unset
 * @param binds          addresses to listen on: '*:8080' (every IPv4 address),
 *                       '127.0.0.1:8080', '[::]:8080' (every IPv6 address)
 * @param acceptProxy    'accept-proxy' on every bind: connections must start with a PROXY
 *                       protocol header. Default false.
 * @param transparent    'transparent' on every bind: the address may be one this host does not
 *                       hold (a VIP on the backup node), and connections keep answering from it
 *                       after it moves away. Default false.
 * @param maxconn        concurrent client connections; 0 means the global maxconn. From
 *                       'lbgate.defaults.maxconn' when unset.
 * @param defaultBackend 'default_backend': the backend every request goes to; from
 *                       'lbgate.defaults.default-backend' when unset; without one the frontend
 *                       answers 503
 * @param timeouts       client, http-request, http-keep-alive and client-fin apply to a frontend
 * @param connectionMode 'keep-alive', 'server-close' or 'close'; from
 *                       'lbgate.defaults.connection-mode' when unset
 * @param forwardfor     'option forwardfor'; replaces the one of 'lbgate.defaults'
 * @param log            the frontend's access log
 * @param tcpKeepAlive   'option clitcpka': TCP keep-alive probes on client connections; from
 *                       'lbgate.defaults.tcp-keep-alive' when unset
 * @param prometheusExporter 'http-request use-service prometheus-exporter if { path ... }': the
 *                       paths ('/metrics') this frontend answers itself with HAProxy's Prometheus
 *                       exposition (HTTP mode only); other requests are proxied. Unset for none.
 */
public record FrontendProperties(
        String name,
        ProxyMode mode,
        List<String> binds,
        boolean acceptProxy,
        boolean transparent,
        Integer maxconn,
        String defaultBackend,
        @NestedConfigurationProperty TimeoutProperties timeouts,
        HttpConnectionMode connectionMode,
        @NestedConfigurationProperty ForwardForProperties forwardfor,
        @NestedConfigurationProperty LogProperties log,
        Boolean tcpKeepAlive,
        List<String> prometheusExporter) {

    public FrontendProperties {
        binds = binds == null ? List.of() : binds;
        prometheusExporter = prometheusExporter == null ? List.of() : prometheusExporter;
    }

    void checkValues(PropertyChecks at) {
        at.required("name", name);
        for (int i = 0; i < binds.size(); i++) {
            at.address(PropertyChecks.index("binds", i), binds.get(i), PropertyAddresses::bind);
        }
        at.atLeast("maxconn", maxconn, 0);
        at.nested("timeouts", timeouts, TimeoutProperties::checkValues);
        at.nested("forwardfor", forwardfor, ForwardForProperties::checkValues);
        at.nested("log", log, LogProperties::checkValues);
        for (int i = 0; i < prometheusExporter.size(); i++) {
            at.matches(PropertyChecks.index("prometheus-exporter", i), prometheusExporter.get(i),
                    path -> path.startsWith("/"), "a path starting with '/'");
        }
    }
}
