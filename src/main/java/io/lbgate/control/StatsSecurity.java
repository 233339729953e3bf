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
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.List;

/**
 * HTTP Basic for the stats realm, as {@code stats auth} and {@code stats realm} configure it.
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
    SecurityWebFilterChain statsFilterChain(ServerHttpSecurity http, LoadedConfig loaded,
            ReactiveAuthenticationManager statsAuthentication) {
        StatsConfig stats = loaded.config().stats();
        boolean open = stats == null || stats.users().isEmpty();
        HttpBasicServerAuthenticationEntryPoint entryPoint = new HttpBasicServerAuthenticationEntryPoint();
        entryPoint.setRealm(stats == null ? StatsConfig.DEFAULT_REALM : stats.realm());
        return http
                .authorizeExchange(ex -> {
                    // The probes only, status only (details need a stats user, see application.yml);
                    // a component such as /actuator/health/backends and the rest of /actuator are not open.
                    ex.pathMatchers(OPEN_PROBES).permitAll();
                    if (open) {
                        ex.anyExchange().permitAll();
                    } else {
                        ex.anyExchange().authenticated();
                    }
                })
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint)
                        .authenticationManager(statsAuthentication))
                .addFilterBefore(StatsAuthentication.clientAddressFilter(), SecurityWebFiltersOrder.HTTP_BASIC)
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint))
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // The admin form's own cross-site protection (Origin/Referer check) comes with the
                // admin form; scripts posting with Basic credentials must keep working.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
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

    @Bean
    PasswordEncoder statsPasswordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Exact, case-sensitive user names and per-request checks that cost microseconds after the
     * first login (see {@link StatsCredentials}); replaces Spring's user-details lookup, which
     * matches names without case and re-hashes clear-text passwords with bcrypt after a login.
     */
    @Bean(destroyMethod = "")
    ReactiveAuthenticationManager statsAuthentication(LoadedConfig loaded, PasswordEncoder statsPasswordEncoder) {
        StatsConfig stats = loaded.config().stats();
        List<StatsUser> users = stats == null ? List.of() : stats.users();
        warnAboutDefaultCredentials(users);
        return new StatsAuthentication(new StatsCredentials(users, statsPasswordEncoder), new LoginThrottle(),
                AUTH_CHECKS);
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
