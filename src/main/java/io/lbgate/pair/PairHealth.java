package io.lbgate.pair;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code pair} health component: this node's name and VRRP role in the details. Always UP: a
 * BACKUP node is as healthy as the MASTER (it is the one that takes over), and the component is not
 * in the readiness group, so the role never changes what keepalived's check or an orchestrator sees.
 */
final class PairHealth implements HealthIndicator {
    private final VrrpState state;
    private final NodeIdentity node;

    PairHealth(VrrpState state, NodeIdentity node) {
        this.state = state;
        this.node = node;
    }

    @Override
    public Health health() {
        return Health.up().withDetail("node", node.name()).withDetails(details(state.current())).build();
    }

    static Map<String, Object> details(VrrpReport report) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("role", report.role().name());
        if (report.role() != VrrpRole.UNKNOWN) {
            d.put("instance", report.instance());
            if (report.priority() >= 0) {
                d.put("priority", report.priority());
            }
        }
        d.put("since", report.since().toString());
        return d;
    }
}
