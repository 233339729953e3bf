package io.lbgate.control;

import io.lbgate.config.BindAddress;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.StatsConfig;
import io.lbgate.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;
import reactor.netty.NettyPipeline;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the control plane (the Spring WebFlux application: stats pages, admin forms, Actuator) on
 * every bind of every stats listener, so that {@code listen stats / bind 0.0.0.0:1080} means what
 * it means in HAProxy, for each {@code stats enable} section: one Reactor Netty server per bind,
 * all serving the same application, which answers each request with the settings of the listener
 * it arrived on ({@link StatsListeners}). Without a stats listener the control plane still serves
 * Actuator, on a loopback port chosen by the system and logged, so that nothing is exposed that
 * the configuration did not ask for.
 *
 * <p>The factory is Spring Boot's own, set up as its auto-configuration sets it up (shared Reactor
 * resources, route providers, server customizers such as {@code server.netty.*}); only the
 * addresses it binds are lbgate's.
 */
@Configuration(proxyBeanMethods = false)
class ControlPlaneBinding {
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneBinding.class);

    @Bean
    StatsListeners statsListeners(LoadedConfig loaded) {
        return new StatsListeners(loaded.config());
    }

    @Bean
    NettyReactiveWebServerFactory controlPlaneServerFactory(LoadedConfig loaded,
            ObjectProvider<ReactorResourceFactory> resources, ObjectProvider<NettyRouteProvider> routes,
            ObjectProvider<NettyServerCustomizer> customizers) {
        EveryBind factory = new EveryBind(binds(loaded));
        resources.ifAvailable(factory::setResourceFactory);
        routes.orderedStream().forEach(factory::addRouteProviders);
        factory.getServerCustomizers().addAll(customizers.orderedStream().toList());
        return factory;
    }

    /** Counts each stats listener's connections and bytes into its FRONTEND and BACKEND rows. */
    @Bean
    NettyServerCustomizer statsListenerConnections(StatsListeners listeners, Registry registry) {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            ListenerConnections counting = ListenerConnections.of(listeners, registry, channel.localAddress());
            if (counting != null) {
                channel.pipeline().addFirst(ListenerConnections.NAME, counting);
            }
        });
    }

    @Bean
    BlockedLogins.Guards blockedLoginGuards(StatsListeners listeners, LoginThrottle loginThrottle,
            ListenerRequests statsListenerRequests) {
        return new BlockedLogins.Guards(listeners, loginThrottle, statsListenerRequests, BlockedLogins.DELAY_MILLIS);
    }

    /**
     * Refuses the logins of blocked addresses right after the HTTP decoder (see {@link BlockedLogins}).
     * Reactor Netty has added its HTTP/1.1 codec when this runs; without one (no such protocol) the
     * refusal is left to the application.
     */
    @Bean
    NettyServerCustomizer statsListenerBlockedLogins(StatsListeners listeners, BlockedLogins.Guards guards) {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            BlockedLogins.Guard guard = guards.of(listeners.at(
                    channel.localAddress() instanceof InetSocketAddress local ? local : null));
            if (guard != null && channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, BlockedLogins.NAME, new BlockedLogins(guard));
            }
        });
    }

    @Bean
    ListenerRequests statsListenerRequests(StatsListeners listeners, Registry registry) {
        return new ListenerRequests(listeners, registry);
    }

    private static List<InetSocketAddress> binds(LoadedConfig loaded) {
        List<InetSocketAddress> binds = new ArrayList<>();
        for (StatsConfig stats : loaded.config().statsListeners()) {
            for (BindAddress bind : stats.binds()) {
                binds.add(new InetSocketAddress(StatsListeners.address(bind.host()), bind.port()));
            }
        }
        if (binds.isEmpty()) {
            log.info("No stats listener is configured: the control plane (Actuator) listens on a loopback port only");
        }
        return binds;
    }

    /** Spring Boot's Netty factory, making one server per address. */
    static final class EveryBind extends NettyReactiveWebServerFactory {
        private final List<InetSocketAddress> binds;

        EveryBind(List<InetSocketAddress> binds) {
            this.binds = List.copyOf(binds);
        }

        @Override
        public WebServer getWebServer(HttpHandler httpHandler) {
            if (binds.isEmpty()) {
                setAddress(InetAddress.getLoopbackAddress());
                setPort(0);
                return super.getWebServer(httpHandler);
            }
            List<WebServer> servers = new ArrayList<>();
            for (InetSocketAddress bind : binds) {
                // The factory's own address is read when a server binds, after all of them are
                // made: each server gets its address fixed by a customizer applied last.
                NettyServerCustomizer address = server -> server.bindAddress(() -> bind);
                getServerCustomizers().add(address);
                try {
                    servers.add(super.getWebServer(httpHandler));
                } finally {
                    getServerCustomizers().remove(address);
                }
            }
            return servers.size() == 1 ? servers.get(0) : new ControlPlaneServers(servers);
        }
    }
}
