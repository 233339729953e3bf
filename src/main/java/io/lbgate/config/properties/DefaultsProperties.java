package io.lbgate.config.properties;

import io.lbgate.config.Algorithm;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.ProxyMode;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code defaults} section: what every frontend and backend starts from. Each key applies where
 * it means something (balance and retries to backends, maxconn to frontends, ...). Unset keys have
 * HAProxy's built-in defaults.
 *
 * @param mode           'tcp' (HAProxy's default) or 'http'
 * @param balance        the backends' algorithm; 'roundrobin' by default
 * @param maxconn        the frontends' concurrent connections; 0 (the default) means the global maxconn
 * @param defaultBackend 'default_backend' of every frontend that names none; none by default
 * @param retries        the backends' connection retries; 3 by default
 * @param redispatch     'option redispatch'; off by default
 * @param allBackups     'option allbackups'; off by default
 * @param tcpKeepAlive   'option tcpka': TCP keep-alive probes on client and server connections;
 *                       off by default
 * @param connectionMode 'keep-alive' (the default), 'server-close' or 'close'
 * @param forwardfor     'option forwardfor'; off when absent
 * @param httpCheck      'option httpchk' for every backend; TCP-connect checks when absent
 * @param log            'log global', 'option httplog'/'tcplog',
 *                       'option dontlognull'
 * @param timeouts       the 'timeout' keywords; none set by default
 * @param defaultServer  'default-server': the parameters every server starts from
 */
public record DefaultsProperties(
        @DefaultValue("tcp") ProxyMode mode,
        @DefaultValue("roundrobin") Algorithm balance,
        int maxconn,
        String defaultBackend,
        @DefaultValue("3") int retries,
        boolean redispatch,
        boolean allBackups,
        boolean tcpKeepAlive,
        @DefaultValue("keep-alive") HttpConnectionMode connectionMode,
        @NestedConfigurationProperty ForwardForProperties forwardfor,
        @NestedConfigurationProperty HttpCheckProperties httpCheck,
        @NestedConfigurationProperty LogProperties log,
        @NestedConfigurationProperty TimeoutProperties timeouts,
        @NestedConfigurationProperty ServerDefaultsProperties defaultServer) {

    public DefaultsProperties {
        log = log == null ? LogProperties.UNSET : log;
        timeouts = timeouts == null ? TimeoutProperties.NONE : timeouts;
        defaultServer = defaultServer == null ? ServerDefaultsProperties.UNSET : defaultServer;
    }

    void checkValues(PropertyChecks at) {
        at.required("mode", mode);
        at.required("balance", balance);
        at.atLeast("maxconn", maxconn, 0);
        at.atLeast("retries", retries, 0);
        at.required("connection-mode", connectionMode);
        at.nested("forwardfor", forwardfor, ForwardForProperties::checkValues);
        at.nested("http-check", httpCheck, HttpCheckProperties::checkValues);
        at.nested("log", log, LogProperties::checkValues);
        at.nested("timeouts", timeouts, TimeoutProperties::checkValues);
        at.nested("default-server", defaultServer, ServerDefaultsProperties::checkValues);
    }
}
