package io.lbgate.proxy.tcp;

import io.lbgate.proxy.backend.BackendQueue;
import io.lbgate.proxy.ConnectionLimit;
import io.lbgate.proxy.ProxyLimits;

import io.lbgate.logging.SyslogSender;
import io.lbgate.registry.Backend;



/**
 * What every TCP frontend of one data plane shares: the process-wide {@code maxconn}, the syslog
 * sender and one queue per backend (several frontends may use the same backend). Built once per
 * data-plane start.
 */
public final class TcpResources {
    private final ProxyLimits limits;
    private final SyslogSender syslog;

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

    BackendQueue queue(Backend backend) {
        return limits.queue(backend);
    }
}
