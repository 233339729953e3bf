package io.lbgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A stats listener: a {@code listen} section whose {@code stats enable} makes it serve the stats
 * page. A configuration may have several, each on its own binds with its own settings, as HAProxy
 * serves every {@code stats enable} section.
 *
 * @param name        the proxy's name ({@code stats} in the tutorial)
 * @param id          the proxy's numeric id, numbered with the other proxies in file order (its
 *                    FRONTEND and BACKEND rows' {@code iid})
 * @param binds       where this listener's page is served
 * @param uri         the page's URI prefix; {@code /haproxy?stats} unless configured
 * @param realm       the Basic realm; {@code HAProxy Statistics} unless configured
 * @param users       who may log in; empty means no authentication
 * @param admin       {@code stats admin if TRUE}: the admin form is offered
 * @param hideVersion {@code stats hide-version}
 * @param refresh     the page's auto-refresh period; {@code null} = none
 * @param maxconn     the proxy's {@code maxconn} (its FRONTEND row's {@code slim}); 0 = the global one
 * @param showLegends {@code stats show-legends}: the page shows each server's address and each
 *                    backend's algorithm in the cells' tooltips
 * @param showNode    {@code stats show-node [<name>]}: the node name the page's title shows;
 *                    empty for the host name; {@code null} when not set
 * @param showDesc    {@code stats show-desc [<text>]}: the description the page's title shows;
 *                    {@code null} when not set
 */
public record StatsConfig(
        String name,
        int id,
        List<BindAddress> binds,
        String uri,
        String realm,
        List<StatsUser> users,
        boolean admin,
        boolean hideVersion,
        Duration refresh,
        int maxconn,
        boolean showLegends,
        String showNode,
        String showDesc) {

    public static final String DEFAULT_URI = "/haproxy?stats";
    public static final String DEFAULT_REALM = "HAProxy Statistics";

    public StatsConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(realm, "realm");
        binds = List.copyOf(binds);
        users = List.copyOf(users);
        if (id < 1) {
            throw new IllegalArgumentException("id: " + id + " (expected: >= 1)");
        }
        if (maxconn < 0) {
            throw new IllegalArgumentException("maxconn: " + maxconn + " (expected: >= 0)");
        }
    }

    /** A listener with the page settings only: no maxconn of its own, no legends, node or description. */
    public StatsConfig(String name, int id, List<BindAddress> binds, String uri, String realm, List<StatsUser> users,
                       boolean admin, boolean hideVersion, Duration refresh) {
        this(name, id, binds, uri, realm, users, admin, hideVersion, refresh, 0, false, null, null);
    }
}
