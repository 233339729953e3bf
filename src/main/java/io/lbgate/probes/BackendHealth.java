package io.lbgate.probes;

import io.lbgate.registry.Backend;
import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Server;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One backend as a health component: UP while at least one of its servers is usable (up, weight
 * above 0, neither DRAIN nor MAINT: the servers the balancer may pick), DOWN otherwise; a backend
 * without servers (a stats listener's) is UP, as HAProxy's status column shows it. The details name every server's state and last
 * check in the stats page's words; Actuator shows them to authenticated callers only.
 */
final class BackendHealth implements HealthIndicator {
    private final Backend backend;

    BackendHealth(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Health health() {
        Map<String, Object> servers = new LinkedHashMap<>();
        int usable = 0;
        for (Server server : backend.servers()) {
            if (server.usable()) {
                usable++;
            }
            servers.put(server.name(), describe(server));
        }
        Health.Builder health = backend.isUp() ? Health.up() : Health.down();
        return health.withDetail("mode", backend.config().mode().keyword())
                .withDetail("usableServers", usable)
                .withDetail("servers", servers)
                .build();
    }

    private static Map<String, Object> describe(Server server) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("status", server.status());
        d.put("admin", server.adminState().name());
        d.put("operational", server.operationalState().name());
        d.put("usable", server.usable());
        d.put("backup", server.isBackup());
        d.put("weight", server.weight());
        if (server.checksEnabled()) {
            d.put("lastCheck", lastCheck(server.lastCheck()));
        }
        return d;
    }

    private static Map<String, Object> lastCheck(CheckResult check) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("status", check.status());
        if (check.code() > 0) {
            d.put("code", check.code());
        }
        if (!check.isInitial()) {
            d.put("durationMillis", check.durationMillis());
        }
        if (!check.info().isEmpty()) {
            d.put("info", check.info());
        }
        return d;
    }
}
