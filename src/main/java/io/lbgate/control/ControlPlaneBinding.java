package io.lbgate.control;

import io.lbgate.config.BindAddress;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.StatsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Puts the control plane (the Spring WebFlux application: stats page, admin form, Actuator) on the
 * stats listener's bind, so that {@code listen stats / bind 0.0.0.0:1080} means what it means in
 * HAProxy. Without a stats listener the control plane still serves Actuator, on a loopback port
 * chosen by the system and logged, so that nothing is exposed that the configuration did not ask for.
 */
@Component
final class ControlPlaneBinding implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory> {
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneBinding.class);

    private final LoadedConfig loaded;

    ControlPlaneBinding(LoadedConfig loaded) {
        this.loaded = loaded;
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        StatsConfig stats = loaded.config().stats();
        if (stats == null || stats.binds().isEmpty()) {
            factory.setAddress(InetAddress.getLoopbackAddress());
            factory.setPort(0);
            log.info("No stats listener is configured: the control plane (Actuator) listens on a loopback port only");
            return;
        }
        BindAddress bind = stats.binds().get(0);
        if (stats.binds().size() > 1) {
            log.warn("Stats listener '{}' has {} binds; the control plane listens on the first, {}",
                    stats.name(), stats.binds().size(), bind.display());
        }
        factory.setAddress(address(bind.host()));
        factory.setPort(bind.port());
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            // The configuration was validated when loaded; a bind host is always an IP literal.
            throw new IllegalStateException("bind address " + host + " is not an IP literal", e);
        }
    }
}
