package io.lbgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The stats listener: the proxy whose {@code stats enable} makes it the control plane.
 *
 * @param name        the proxy's name ({@code stats} in the tutorial)
 * @param binds       where the control plane listens
 * @param uri         the page's URI prefix; {@code /haproxy?stats} unless configured
 * @param realm       the Basic realm; {@code HAProxy Statistics} unless configured
 * @param users       who may log in; empty means no authentication
 * @param admin       {@code stats admin if TRUE}: the admin form is offered
 * @param hideVersion {@code stats hide-version}
 * @param refresh     the page's auto-refresh period; {@code null} = none
 */
public record StatsConfig(
        String name,
        List<BindAddress> binds,
        String uri,
        String realm,
        List<StatsUser> users,
        boolean admin,
        boolean hideVersion,
        Duration refresh) {

    public static final String DEFAULT_URI = "/haproxy?stats";
    public static final String DEFAULT_REALM = "HAProxy Statistics";

    public StatsConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(realm, "realm");
        binds = List.copyOf(binds);
        users = List.copyOf(users);
    }
}
