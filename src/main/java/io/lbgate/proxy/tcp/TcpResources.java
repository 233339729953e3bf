package io.lbgate.proxy.tcp;

import io.lbgate.proxy.BackendQueue;
import io.lbgate.proxy.ConnectionLimit;
import io.lbgate.proxy.ProxyLimits;

import io.lbgate.logging.SyslogSender;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Server;

import java.net.InetSocketAddress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every TCP frontend of one data plane shares: the process-wide {@code maxconn}, the syslog
 * sender and one queue per backend (several frontends may use the same backend). Built once per
 * data-plane start.
 */
public final class TcpResources {
    private final ProxyLimits limits;
    private final SyslogSender syslog;
    private final Map<Server, InetSocketAddress> addresses = new ConcurrentHashMap<>();

    /**
     * @param limits the data plane's process maxconn and backend queues, shared with HTTP mode
     * @param syslog the shared sender; {@code null} sends no syslog
     */
    public TcpResources(ProxyLimits limits, SyslogSender syslog) {
        this.limits = limits;
        this.syslog = syslog;
    }

    ConnectionLimit process() {
        return limits.process();
    }

    SyslogSender syslog() {
        return syslog;
    }

    /**
     * Resolves the addresses of {@code backend}'s servers once, when a frontend starts, as HAProxy
     * resolves at start-up: a name lookup on an event loop would stall every connection on it.
     */
    void resolve(Backend backend) {
        backend.servers().forEach(this::address);
    }

    /** The server's socket address, resolved once and kept (no DNS on every connection). */
    InetSocketAddress address(Server server) {
        return addresses.computeIfAbsent(server,
                s -> new InetSocketAddress(s.config().host(), s.config().port()));
    }

    BackendQueue queue(Backend backend) {
        return limits.queue(backend);
    }
}
