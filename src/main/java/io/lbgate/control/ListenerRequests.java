package io.lbgate.control;

import io.lbgate.config.StatsConfig;
import io.lbgate.registry.Counters;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicBoolean;

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
        Counted counted = started(listeners.at(request.getLocalAddress()), rawTarget(request));
        if (counted == null) {
            return chain.filter(exchange);
        }
        // Counted when the response commits, before its bytes leave: a client that reads the answer
        // and asks again at once must find it counted (as HAProxy counts a response class when the
        // headers pass). A response that never commits (the client went away) is counted at the end.
        ServerHttpResponse response = exchange.getResponse();
        AtomicBoolean ended = new AtomicBoolean();
        response.beforeCommit(() -> {
            end(counted, response, ended);
            return Mono.empty();
        });
        return chain.filter(exchange).doFinally(signal -> end(counted, response, ended));
    }

    private static void end(Counted counted, ServerHttpResponse response, AtomicBoolean ended) {
        if (ended.compareAndSet(false, true)) {
            HttpStatusCode status = response.getStatusCode();
            counted.ended(status == null ? 200 : status.value());
        }
    }

    /**
     * Counts a request of {@code listener} that was answered before it reached the application
     * ({@link BlockedLogins}), as the filter would have counted it.
     */
    void answeredEarly(StatsConfig listener, String rawTarget, int status) {
        Counted counted = started(listener, rawTarget);
        if (counted != null) {
            counted.ended(status);
        }
    }

    /** Counts the request's start; {@code null} when it is no stats listener's. */
    private Counted started(StatsConfig listener, String rawTarget) {
        Frontend frontend = listener == null ? null : registry.statsFrontend(listener.name()).orElse(null);
        Counters backend = listener == null ? null : registry.backend(listener.id()).map(b -> b.counters()).orElse(null);
        if (frontend == null || backend == null) {
            return null;
        }
        frontend.counters().requestForwarded();
        boolean intercepted = rawTarget.startsWith(listener.uri());
        if (intercepted) {
            frontend.requestIntercepted();
        } else {
            backend.sessionStarted();
            backend.requestForwarded();
        }
        return new Counted(frontend, intercepted ? null : backend);
    }

    /** A counted request, until its response status is known. */
    private record Counted(Frontend frontend, Counters backend) {
        void ended(int status) {
            frontend.counters().responseReceived(status);
            if (backend != null) {
                backend.responseReceived(status);
                backend.sessionEnded();
            }
        }
    }

    /** The path and query as sent: HAProxy matches {@code stats uri} as a prefix of that. */
    static String rawTarget(ServerHttpRequest request) {
        String path = request.getURI().getRawPath();
        String query = request.getURI().getRawQuery();
        return query == null ? path : path + "?" + query;
    }
}
