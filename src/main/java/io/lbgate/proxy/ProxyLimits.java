package io.lbgate.proxy;

import io.lbgate.proxy.backend.BackendQueue;
import io.lbgate.registry.Backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every frontend of one data plane shares, whatever its mode: the process-wide
 * {@code maxconn} and one queue per backend (several frontends may use the same backend, and a
 * slot freed by any of them goes to the oldest waiter).
 */
public final class ProxyLimits {
    private final ConnectionLimit process;
    private final Map<Backend, BackendQueue> queues = new ConcurrentHashMap<>();

    /** @param globalMaxconn the {@code global} section's {@code maxconn}; 0 for no limit */
    public ProxyLimits(int globalMaxconn) {
        this.process = new ConnectionLimit(globalMaxconn);
    }

    public ConnectionLimit process() {
        return process;
    }

    public BackendQueue queue(Backend backend) {
        return queues.computeIfAbsent(backend, BackendQueue::new);
    }
}
