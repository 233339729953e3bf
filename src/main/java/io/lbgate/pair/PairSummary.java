package io.lbgate.pair;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The line the stats page's header shows for the pair: this node's name and VRRP role, e.g.
 * {@code node gw1 · VRRP MASTER of VI_1, priority 100, since 2026-12-02 03:00:48 UTC}.
 */
public final class PairSummary {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final NodeIdentity node;
    private final VrrpState state;

    PairSummary(NodeIdentity node, VrrpState state) {
        this.node = node;
        this.state = state;
    }

    public String headerLine() {
        VrrpReport report = state.current();
        StringBuilder line = new StringBuilder("node ").append(node.name()).append(" · VRRP ").append(report.role());
        if (report.role() == VrrpRole.UNKNOWN) {
            return line.append(" (no report from keepalived's notify script since start)").toString();
        }
        if (!report.instance().isEmpty()) {
            line.append(" of ").append(report.instance());
        }
        if (report.priority() >= 0) {
            line.append(", priority ").append(report.priority());
        }
        return line.append(", since ").append(TIME.format(report.since())).toString();
    }
}
