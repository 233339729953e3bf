package io.lbgate.stats;

import io.lbgate.admin.AdminService;
import io.lbgate.admin.AuditLog;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.ConfigReloader;
import io.lbgate.config.RunningConfig;
import io.lbgate.peers.Peers;
import org.springframework.beans.factory.ObjectProvider;
import io.lbgate.config.StatsConfig;
import io.lbgate.control.StatsListeners;
import io.lbgate.pair.PairSummary;
import io.lbgate.registry.Registry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves each stats listener's page at its {@code stats uri}, on its own binds. HAProxy answers every GET, HEAD and
 * POST whose URI starts with that prefix (so {@code /haproxyadmin;csv} and {@code /haproxy?stats}
 * both match), which is why the route tests the raw request target rather than a path pattern.
 */
@Configuration(proxyBeanMethods = false)
class StatsPageRoutes {

    @Bean
    AuditLog auditLog() {
        return new AuditLog();
    }

    @Bean
    AdminService adminService(Registry registry, AuditLog auditLog) {
        return new AdminService(registry, auditLog, Clock.systemUTC());
    }

    @Bean
    RouterFunction<ServerResponse> statsPage(LoadedConfig loaded, StatsListeners listeners, Registry registry,
                                             AdminService admin, AuditLog auditLog,
                                             ObjectProvider<RunningConfig> running,
                                             ObjectProvider<ConfigReloader> reloader,
                                             ObjectProvider<PairSummary> pair,
                                             ObjectProvider<Peers> peers) {
        RouterFunction<ServerResponse> routes = RouterFunctions.route(request -> false,
                request -> ServerResponse.notFound().build());
        for (StatsConfig stats : loaded.config().statsListeners()) {
            routes = routes.and(listenerPage(stats, listeners,
                    new StatsHandler(stats, loaded.config(), registry, admin, auditLog, Clock.systemUTC(),
                            running.getIfAvailable(), reloader.getIfAvailable())
                            .pairLine(pairLine(pair))
                            .peerLines(() -> {
                                Peers p = peers.getIfAvailable();
                                return p == null ? List.of() : p.statusLines();
                            })));
        }
        return routes;
    }

    /** A listener's page answers on its own binds only, under its own {@code stats uri}. */
    private static RouterFunction<ServerResponse> listenerPage(StatsConfig stats, StatsListeners listeners,
                                                               StatsHandler handler) {
        RequestPredicate underUri = request -> listeners.at(request.localAddress().orElse(null)) == stats
                && rawTarget(request).startsWith(stats.uri());
        RequestPredicate read = request -> request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        RequestPredicate post = request -> request.method() == HttpMethod.POST;
        return RouterFunctions.route(underUri.and(read), handler::get)
                .andRoute(underUri.and(post), handler::post);
    }

    static String rawTarget(ServerRequest request) {
        String path = request.uri().getRawPath();
        String query = request.uri().getRawQuery();
        return query == null ? path : path + "?" + query;
    }

    /** The pair's header line when the pair package is there (always, in the application). */
    private static Supplier<String> pairLine(ObjectProvider<PairSummary> pair) {
        PairSummary summary = pair.getIfAvailable();
        return summary == null ? () -> null : summary::headerLine;
    }
}
