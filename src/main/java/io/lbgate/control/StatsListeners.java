package io.lbgate.control;

import io.lbgate.config.BindAddress;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.StatsConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which stats listener a request belongs to: the one whose bind it arrived on. The control plane
 * listens on every bind of every listener with one application; each request is answered with the
 * settings (uri, realm, users, admin, ...) of the listener it reached, as HAProxy does.
 */
public final class StatsListeners {
    private record Bind(StatsConfig listener, InetAddress address, int port) {
        boolean accepts(InetSocketAddress local) {
            return port == local.getPort() && (address.isAnyLocalAddress() || address.equals(local.getAddress()));
        }
    }

    private final List<StatsConfig> listeners;
    private final List<Bind> binds = new ArrayList<>();

    public StatsListeners(GatewayConfig config) {
        this.listeners = config.statsListeners();
        for (StatsConfig listener : listeners) {
            for (BindAddress bind : listener.binds()) {
                binds.add(new Bind(listener, address(bind.host()), bind.port()));
            }
        }
    }

    /**
     * @param local the address a connection arrived on ({@code null} when unknown)
     * @return the listener serving it; the only one when there is one; {@code null} without any
     *         listener or when none listens there
     */
    public StatsConfig at(InetSocketAddress local) {
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        if (local == null) {
            return null;
        }
        for (Bind bind : binds) {
            if (bind.accepts(local)) {
                return bind.listener();
            }
        }
        return null;
    }

    /** Every listener, in declaration order. */
    public List<StatsConfig> all() {
        return listeners;
    }

    /** The address to bind for {@code bind}: a configured bind host is always an IP literal. */
    static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            // The configuration was validated when loaded.
            throw new IllegalStateException("bind address " + host + " is not an IP literal", e);
        }
    }
}
