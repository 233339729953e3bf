package io.lbgate.control;

import io.lbgate.config.StatsConfig;
import io.lbgate.registry.Counters;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Counts each control-plane request in the rows of the stats listener it arrived on, as HAProxy
 * 2.6 counts a stats proxy's requests: every request in the FRONTEND's {@code req_tot} and response
 * classes; one under the listener's {@code stats uri} (the page, its exports, its login challenge)
 * as {@code intercepted}; any other (Actuator, the page's assets) as a session and request of the
 * BACKEND, where HAProxy's own stats proxy would have sent it. Runs before security, so refused
 * logins count too.
 */
final class ListenerRequests implements WebFilter, Ordered {
    private final StatsListeners listeners;
    private final Registry registry;

    ListenerRequests(StatsListeners listeners, Registry registry) {
        this.listeners = listeners;
        this.registry = registry;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        StatsConfig listener = listeners.at(request.getLocalAddress());
        Frontend frontend = listener == null ? null : registry.statsFrontend(listener.name()).orElse(null);
        Counters backend = listener == null ? null : registry.backend(listener.id()).map(b -> b.counters()).orElse(null);
        if (frontend == null || backend == null) {
            return chain.filter(exchange);
        }
        frontend.counters().requestForwarded();
        boolean intercepted = rawTarget(request).startsWith(listener.uri());
        if (intercepted) {
            frontend.requestIntercepted();
        } else {
            backend.sessionStarted();
            backend.requestForwarded();
        }
        return chain.filter(exchange).doFinally(signal -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            int code = status == null ? 200 : status.value();
            frontend.counters().responseReceived(code);
            if (!intercepted) {
                backend.responseReceived(code);
                backend.sessionEnded();
            }
        });
    }

    /** The path and query as sent: HAProxy matches {@code stats uri} as a prefix of that. */
    static String rawTarget(ServerHttpRequest request) {
        String path = request.getURI().getRawPath();
        String query = request.getURI().getRawQuery();
        return query == null ? path : path + "?" + query;
    }
}
