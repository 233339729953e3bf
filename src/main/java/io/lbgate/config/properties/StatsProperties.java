package io.lbgate.config.properties;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The stats listener ({@code listen stats} with {@code stats enable}): the stats page, its CSV and
 * JSON exports and the admin form. Present as soon as any {@code lbgate.stats} key is written.
 *
 * @param name        the listener's name on the stats page; 'stats' by default
 * @param binds       addresses to listen on, written as a frontend's; required unless only
 *                    'socket' is set
 * @param acceptProxy 'accept-proxy' on every bind. Default false.
 * @param uri         'stats uri': the page's URI prefix; '/haproxy?stats' by default
 * @param realm       'stats realm': the HTTP Basic realm; 'HAProxy Statistics' by default
 * @param users       'stats auth': who may log in; nobody needs to when empty
 * @param admin       'stats admin if TRUE': offer the admin form. Default false.
 * @param hideVersion 'stats hide-version': leave the version off the page. Default false.
 * @param refresh     'stats refresh': the page's auto-refresh period; none when unset
 * @param socket      shorthand for one 'global.stats-sockets' entry: a runtime API UNIX socket path at
 *                    level operator; none when unset
 */
public record StatsProperties(
        @DefaultValue("stats") String name,
        List<String> binds,
        boolean acceptProxy,
        @DefaultValue("/haproxy?stats") String uri,
        @DefaultValue("HAProxy Statistics") String realm,
        List<StatsUserProperties> users,
        boolean admin,
        boolean hideVersion,
        Duration refresh,
        String socket) {

    public StatsProperties {
        binds = binds == null ? List.of() : binds;
        users = users == null ? List.of() : users;
    }

    void checkValues(PropertyChecks at) {
        at.required("name", name);
        for (int i = 0; i < binds.size(); i++) {
            at.address(PropertyChecks.index("binds", i), binds.get(i), PropertyAddresses::bind);
        }
        at.required("uri", uri);
        at.required("realm", realm);
        at.each("users", users, StatsUserProperties::checkValues);
        at.atLeast("refresh", refresh, Duration.ofMillis(1));
    }
}
