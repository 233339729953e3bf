package io.lbgate.config.properties;

import io.lbgate.config.Algorithm;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.ProxyMode;
import java.util.List;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * A {@code backend}: a set of servers and how to pick one. Each unset key is taken from
 * {@code lbgate.defaults}.
 *
 * @param name           unique among backends
 * @param mode           'http' or 'tcp'; from 'lbgate.defaults.mode' when unset
 * @param balance        'roundrobin', 'static-rr', 'leastconn', 'first',
 *                       'source' or 'random'; from 'lbgate.defaults.balance'
 * @param retries        connection retries before giving up; from 'lbgate.defaults.retries'
 * @param redispatch     'option redispatch': the last retry goes to another server; from
 *                       'lbgate.defaults.redispatch'
 * @param allBackups     'option allbackups': balance over every backup, not only the first;
 *                       from 'lbgate.defaults.all-backups'
 * @param httpCheck      'option httpchk': health checks send an HTTP request; replaces the
 *                       one of 'lbgate.defaults'
 * @param timeouts       connect, server, queue, check, tunnel and server-fin apply to a backend
 * @param connectionMode 'keep-alive', 'server-close' or 'close'; from
 *                       'lbgate.defaults.connection-mode'
 * @param forwardfor     'option forwardfor'; replaces the one of 'lbgate.defaults'
 * @param log            log targets for the backend's server state changes
 * @param defaultServer  'default-server': parameters its servers start from, on top of
 *                       'lbgate.defaults.default-server'
 * @param servers        the servers, in the order they are balanced over
 * @param tcpKeepAlive   'option srvtcpka': TCP keep-alive probes on server connections; from
 *                       'lbgate.defaults.tcp-keep-alive' when unset
 */
public record BackendProperties(
        String name,
        ProxyMode mode,
        Algorithm balance,
        Integer retries,
        Boolean redispatch,
        Boolean allBackups,
        @NestedConfigurationProperty HttpCheckProperties httpCheck,
        @NestedConfigurationProperty TimeoutProperties timeouts,
        HttpConnectionMode connectionMode,
        @NestedConfigurationProperty ForwardForProperties forwardfor,
        @NestedConfigurationProperty LogProperties log,
        @NestedConfigurationProperty ServerDefaultsProperties defaultServer,
        List<ServerProperties> servers,
        Boolean tcpKeepAlive) {

    public BackendProperties {
        servers = servers == null ? List.of() : servers;
    }

    void checkValues(PropertyChecks at) {
        at.required("name", name);
        at.atLeast("retries", retries, 0);
        at.nested("http-check", httpCheck, HttpCheckProperties::checkValues);
        at.nested("timeouts", timeouts, TimeoutProperties::checkValues);
        at.nested("forwardfor", forwardfor, ForwardForProperties::checkValues);
        at.nested("log", log, LogProperties::checkValues);
        at.nested("default-server", defaultServer, ServerDefaultsProperties::checkValues);
        at.each("servers", servers, ServerProperties::checkValues);
    }
}
