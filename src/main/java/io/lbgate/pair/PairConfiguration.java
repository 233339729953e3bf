package io.lbgate.pair;

import io.lbgate.config.LoadedConfig;
import io.lbgate.control.StatsListeners;
import io.lbgate.lifecycle.GracefulStop;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.time.Clock;

/**
 * The pair's beans: this node's identity and VRRP role, the notify endpoint, the {@code pair}
 * health component (Actuator names it after the bean), the role gauge, and the role-aware default
 * {@code grace} given to the graceful stop.
 */
@Configuration(proxyBeanMethods = false)
class PairConfiguration {

    @Bean
    NodeIdentity nodeIdentity(LoadedConfig loaded, Environment env) {
        return NodeIdentity.of(loaded.config().peers(), env.getProperty("lbgate.peers.local-peer"));
    }

    @Bean
    VrrpState vrrpState() {
        return new VrrpState(Clock.systemUTC());
    }

    @Bean
    RouterFunction<ServerResponse> vrrpNotifyRoutes(VrrpState state, NodeIdentity node, StatsListeners listeners) {
        VrrpNotifyRoute route = new VrrpNotifyRoute(state, node, listeners);
        return RouterFunctions.route(RequestPredicates.method(HttpMethod.POST).and(RequestPredicates.path(VrrpNotifyRoute.PATH)), route::post)
                .andRoute(RequestPredicates.method(HttpMethod.GET).and(RequestPredicates.path(VrrpNotifyRoute.PATH)), route::get);
    }

    @Bean
    PairSummary pairSummary(NodeIdentity node, VrrpState state) {
        return new PairSummary(node, state);
    }

    @Bean
    HealthIndicator pairHealthIndicator(VrrpState state, NodeIdentity node) {
        return new PairHealth(state, node);
    }

    @Bean
    MeterBinder vrrpRoleMeters(VrrpState state, NodeIdentity node) {
        return new VrrpRoleMeters(state, node);
    }

    /** A stop without {@code grace} waits for keepalived to move the VIP while this node is MASTER. */
    @Bean
    VipHandOver vipHandOver(VrrpState state, ObjectProvider<GracefulStop> stop) {
        VipHandOver handOver = new VipHandOver(state);
        stop.ifAvailable(s -> s.handOverWith(handOver));
        return handOver;
    }
}
