package io.lbgate.pair;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code lbgate_vrrp_role{node, role}} in {@code /actuator/prometheus}: one sample per role, 1 for
 * the role keepalived last reported and 0 for the others, as HAProxy's
 * {@code haproxy_server_status} has one sample per state, so that a dashboard or an alert can ask
 * {@code lbgate_vrrp_role{role="MASTER"} == 1} without knowing a code table.
 */
final class VrrpRoleMeters implements MeterBinder {
    private final VrrpState state;
    private final NodeIdentity node;

    VrrpRoleMeters(VrrpState state, NodeIdentity node) {
        this.state = state;
        this.node = node;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (VrrpRole role : VrrpRole.values()) {
            Gauge.builder("lbgate.vrrp.role", state, s -> s.role() == role ? 1 : 0)
                    .description("This node's VRRP role as keepalived's notify script last reported it (1 for the current role)")
                    .tag("node", node.name())
                    .tag("role", role.name())
                    .register(registry);
        }
    }
}
