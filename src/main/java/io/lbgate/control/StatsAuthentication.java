package io.lbgate.control;

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

import java.net.InetSocketAddress;

/**
 * The stats page's Basic authentication: {@link StatsCredentials} checks, {@link LoginThrottle}
 * refuses addresses that keep failing. Checks run on one dedicated thread, so that even slow hashes
 * asked for from many addresses at once use at most one core and never an event loop of the
 * control plane or the data plane.
 */
final class StatsAuthentication implements ReactiveAuthenticationManager {
    /** The Reactor context key under which {@link #clientAddressFilter()} puts the client address. */
    private static final String CLIENT = StatsAuthentication.class.getName() + ".client";

    private final StatsCredentials credentials;
    private final LoginThrottle throttle;
    private final Scheduler checks;

    StatsAuthentication(StatsCredentials credentials, LoginThrottle throttle, Scheduler checks) {
        this.credentials = credentials;
        this.throttle = throttle;
        this.checks = checks;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication attempt) {
        String name = attempt.getName();
        String password = String.valueOf(attempt.getCredentials());
        return Mono.deferContextual(context -> {
            String client = context.getOrDefault(CLIENT, "");
            if (throttle.blocked(client)) {
                return Mono.error(new BadCredentialsException("Too many failed logins from this address"));
            }
            return Mono.fromCallable(() -> credentials.matches(name, password))
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

    /** Puts the client's address where {@link #authenticate} can read it. */
    static WebFilter clientAddressFilter() {
        return (ServerWebExchange exchange, WebFilterChain chain) -> {
            InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
            String client = remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
            return chain.filter(exchange).contextWrite(context -> context.put(CLIENT, client));
        };
    }
}
