package io.lbgate.control;

import io.lbgate.config.LoadedConfig;
import io.lbgate.config.StatsConfig;
import io.lbgate.config.StatsUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpBasicServerAuthenticationEntryPoint;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP Basic for the stats realm, as {@code stats auth} and {@code stats realm} configure it, for
 * each stats listener on its own binds: the realm, the users and whether a login is needed at all
 * are those of the listener the request arrived on ({@link StatsListeners}).
 * {@code /actuator/health} and its liveness and readiness groups stay open so that an orchestrator can
 * probe without credentials; everything else under {@code /actuator} needs a stats user.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class StatsSecurity {
    private static final Logger log = LoggerFactory.getLogger(StatsSecurity.class);
    /** What Kubernetes, keepalived's vrrp_script and the container ask without credentials. */
    static final String[] OPEN_PROBES = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"};
    /** One daemon thread for password checks: slow hashes never take more than one core. */
    private static final Scheduler AUTH_CHECKS = Schedulers.newSingle("lbgate-stats-auth", true);

    @Bean
    SecurityWebFilterChain statsFilterChain(ServerHttpSecurity http, StatsListeners listeners,
            ReactiveAuthenticationManager statsAuthentication, LoginThrottle loginThrottle) {
        ServerAuthenticationEntryPoint entryPoint = realms(listeners);
        return http
                .authorizeExchange(ex -> {
                    // The probes only, status only (details need a stats user, see application.yml);
                    // a component such as /actuator/health/backends and the rest of /actuator are not open.
                    ex.pathMatchers(OPEN_PROBES).permitAll();
                    ex.anyExchange().access(loginOfTheListener(listeners));
                })
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint)
                        .authenticationManager(statsAuthentication))
                .addFilterBefore(StatsAuthentication.clientAddressFilter(listeners, loginThrottle), SecurityWebFiltersOrder.HTTP_BASIC)
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint))
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // The admin form's own cross-site protection (Origin/Referer check) comes with the
                // admin form; scripts posting with Basic credentials must keep working.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /**
     * A listener without {@code stats auth} is open (as is the control plane without a listener);
     * one with users needs a login, which {@link StatsAuthentication} checks against its own users.
     */
    private static ReactiveAuthorizationManager<AuthorizationContext> loginOfTheListener(StatsListeners listeners) {
        ReactiveAuthorizationManager<AuthorizationContext> authenticated = AuthenticatedReactiveAuthorizationManager.authenticated();
        return (authentication, context) -> {
            StatsConfig listener = listeners.at(context.getExchange().getRequest().getLocalAddress());
            if (listener == null || listener.users().isEmpty()) {
                return Mono.just(new AuthorizationDecision(true));
            }
            return authenticated.authorize(authentication, context);
        };
    }

    /** The Basic challenge names the realm of the listener the request arrived on. */
    private static ServerAuthenticationEntryPoint realms(StatsListeners listeners) {
        Map<String, HttpBasicServerAuthenticationEntryPoint> byListener = new HashMap<>();
        for (StatsConfig listener : listeners.all()) {
            HttpBasicServerAuthenticationEntryPoint entryPoint = new HttpBasicServerAuthenticationEntryPoint();
            entryPoint.setRealm(listener.realm());
            byListener.put(listener.name(), entryPoint);
        }
        HttpBasicServerAuthenticationEntryPoint fallback = new HttpBasicServerAuthenticationEntryPoint();
        fallback.setRealm(StatsConfig.DEFAULT_REALM);
        return (exchange, failure) -> {
            StatsConfig listener = listeners.at(exchange.getRequest().getLocalAddress());
            return (listener == null ? fallback : byListener.get(listener.name())).commence(exchange, failure);
        };
    }

    /**
     * HAProxy's stats options ride on the path after a semicolon ({@code /haproxyadmin;csv}), which
     * Spring Security's default firewall rejects as a possible path-parameter trick. Only the
     * semicolon is allowed; the other checks (encoded slashes, traversal) stay.
     */
    @Bean
    ServerWebExchangeFirewall statsFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowSemicolon(true);
        return firewall;
    }

    /** Spring's delegating encoder, made when a hashed password first needs it ({@link LazyPasswordEncoder}). */
    @Bean
    PasswordEncoder statsPasswordEncoder() {
        return new LazyPasswordEncoder(PasswordEncoderFactories::createDelegatingPasswordEncoder);
    }

    /**
     * Exact, case-sensitive user names and per-request checks that cost microseconds after the
     * first login (see {@link StatsCredentials}); replaces Spring's user-details lookup, which
     * matches names without case and re-hashes clear-text passwords with bcrypt after a login.
     */
    @Bean(destroyMethod = "")
    ReactiveAuthenticationManager statsAuthentication(LoadedConfig loaded, PasswordEncoder statsPasswordEncoder,
            LoginThrottle loginThrottle) {
        Map<String, StatsCredentials> credentials = new HashMap<>();
        for (StatsConfig stats : loaded.config().statsListeners()) {
            warnAboutDefaultCredentials(stats.users());
            credentials.put(stats.name(), new StatsCredentials(stats.users(), statsPasswordEncoder));
        }
        return new StatsAuthentication(credentials, loginThrottle, AUTH_CHECKS);
    }

    /** One throttle for the application and the connections' early refusal ({@link BlockedLogins}). */
    @Bean
    LoginThrottle loginThrottle() {
        return new LoginThrottle();
    }

    /** {@code stats auth admin:secret} gives clear text; application.yml may give {@code {bcrypt}...}. */
    static String encoded(String password) {
        return password.startsWith("{") ? password : "{noop}" + password;
    }

    private static void warnAboutDefaultCredentials(List<StatsUser> users) {
        for (StatsUser user : users) {
            if (user.name().equals("admin") && encoded(user.password()).equals("{noop}admin")) {
                log.warn("The stats page accepts the well-known credentials admin:admin; change 'stats auth' before exposing it");
            }
        }
    }
}
