package io.lbgate.stats;

import io.lbgate.cli.Version;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.StatsConfig;
import io.lbgate.registry.Registry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves the stats page at the configured {@code stats uri}. HAProxy answers every request whose
 * URI starts with that prefix (so {@code /haproxyadmin;csv} and {@code /haproxy?stats} both match),
 * which is why the route tests the raw request target rather than a path pattern.
 */
@Configuration(proxyBeanMethods = false)
class StatsPageRoutes {

    @Bean
    RouterFunction<ServerResponse> statsPage(LoadedConfig loaded, Registry registry) {
        StatsConfig stats = loaded.config().stats();
        if (stats == null) {
            return RouterFunctions.route(request -> false, request -> ServerResponse.notFound().build());
        }
        RequestPredicate underUri = request -> request.method() == HttpMethod.GET
                && rawTarget(request).startsWith(stats.uri());
        return RouterFunctions.route(underUri, request -> render(request, stats, registry));
    }

    private static Mono<ServerResponse> render(ServerRequest request, StatsConfig stats, Registry registry) {
        Map<String, Object> model = new HashMap<>();
        model.put("stats", stats);
        model.put("tables", StatsSnapshot.of(registry));
        model.put("version", stats.hideVersion() ? null : Version.current());
        model.put("pid", ProcessHandle.current().pid());
        model.put("uptime", formatUptime(Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime())));
        return ServerResponse.ok().contentType(MediaType.TEXT_HTML).render("stats", model);
    }

    static String rawTarget(ServerRequest request) {
        String path = request.uri().getRawPath();
        String query = request.uri().getRawQuery();
        return query == null ? path : path + "?" + query;
    }

    /** HAProxy's uptime format: {@code 0d 0h02m13s}. */
    static String formatUptime(Duration uptime) {
        return String.format("%dd %dh%02dm%02ds", uptime.toDays(), uptime.toHoursPart(), uptime.toMinutesPart(),
                uptime.toSecondsPart());
    }
}
