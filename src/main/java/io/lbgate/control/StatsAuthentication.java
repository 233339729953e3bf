package io.lbgate.control;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import io.lbgate.config.StatsConfig;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The stats page's Basic authentication: the {@link StatsCredentials} of the stats listener the
 * request arrived on check, {@link LoginThrottle} refuses addresses that keep failing (over all
 * listeners: a guesser gains nothing by changing port). Checks run on one dedicated thread, so that even slow hashes
 * asked for from many addresses at once use at most one core and never an event loop of the
 * control plane or the data plane.
 */
final class StatsAuthentication implements ReactiveAuthenticationManager {
    /** The Reactor context key under which {@link #clientAddressFilter()} puts the client address. */
    private static final String CLIENT = StatsAuthentication.class.getName() + ".client";
    /** The context key under which {@link #clientAddressFilter} puts the name of the request's stats listener. */
    private static final String LISTENER = StatsAuthentication.class.getName() + ".listener";

    private final Map<String, StatsCredentials> credentials;
    private final LoginThrottle throttle;
    private final Scheduler checks;

    /** @param credentials each stats listener's users, by listener name */
    StatsAuthentication(Map<String, StatsCredentials> credentials, LoginThrottle throttle, Scheduler checks) {
        this.credentials = Map.copyOf(credentials);
        this.throttle = throttle;
        this.checks = checks;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication attempt) {
        String name = attempt.getName();
        String password = String.valueOf(attempt.getCredentials());
        return Mono.deferContextual(context -> {
            String client = context.getOrDefault(CLIENT, "");
            StatsCredentials users = credentials.get(context.getOrDefault(LISTENER, ""));
            if (users == null) {
                return Mono.error(new BadCredentialsException("No stats listener here"));
            }
            if (throttle.blocked(client)) {
                return Mono.error(new BadCredentialsException("Too many failed logins from this address"));
            }
            return Mono.fromCallable(() -> users.matches(name, password))
                    .subscribeOn(checks)
                    .flatMap(ok -> {
                        if (!ok) {
                            throttle.failed(client);
                            return Mono.error(new BadCredentialsException("Bad credentials"));
                        }
                        throttle.succeeded(client);
                        return Mono.just(UsernamePasswordAuthenticationToken.authenticated(
                                name, null, AuthorityUtils.createAuthorityList("ROLE_STATS")));
                    });
        });
    }

    /**
     * Puts the client's address and the request's stats listener where {@link #authenticate} can
     * read them. A health probe from an address the throttle blocks is served as an anonymous one
     * (its credentials are dropped): a probe is never refused for a guesser's failures, and a
     * guesser cannot use the probes to check passwords unthrottled.
     */
    static WebFilter clientAddressFilter(StatsListeners listeners, LoginThrottle throttle) {
        return (ServerWebExchange exchange, WebFilterChain chain) -> {
            InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
            String client = remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
            StatsConfig listener = listeners.at(exchange.getRequest().getLocalAddress());
            String name = listener == null ? "" : listener.name();
            ServerWebExchange served = exchange;
            if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                    && BlockedLogins.probe(ListenerRequests.rawTarget(exchange.getRequest()))
                    && throttle.blocked(client)) {
                served = exchange.mutate().request(r -> r.headers(h -> h.remove(HttpHeaders.AUTHORIZATION))).build();
            }
            return chain.filter(served).contextWrite(context -> context.put(CLIENT, client).put(LISTENER, name));
        };
    }
}
