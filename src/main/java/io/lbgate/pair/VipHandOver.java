package io.lbgate.pair;

import io.lbgate.lifecycle.GracefulStop;

import java.time.Duration;

/**
 * The default {@code grace} of a node in a keepalived pair: while this node is VRRP MASTER it
 * holds the VIP, so a stop keeps accepting until keepalived reports another role (readiness turned
 * false, the {@code vrrp_script} lowered this node's priority and the peer took the VIP), then for
 * {@link #MARGIN}; never longer than {@link #MAXIMUM}.
 *
 * <p>{@link #MAXIMUM}: with the tutorial's settings the VIP moves within about 6 s of readiness
 * turning false: the check runs every 2 s, then the peer waits for its master-down timer, 3 ×
 * {@code advert_int} plus a skew of (256 − priority) / 256 s, about 3.7 s (measured: 5–6 s,
 * docs/high-availability.md). 8 s covers that on a busy machine and leaves 2 s of {@code docker
 * stop}'s default 10 s for the drain. A node whose keepalived never reports BACKUP (keepalived
 * stopped, the notify script failing) is therefore held up 8 s at most.
 */
final class VipHandOver implements GracefulStop.HandOver {
    static final Duration MARGIN = Duration.ofMillis(500);
    static final Duration MAXIMUM = Duration.ofSeconds(8);

    private final VrrpState state;

    VipHandOver(VrrpState state) {
        this.state = state;
    }

    @Override
    public boolean holdsTraffic() {
        return state.role().holdsVip();
    }

    @Override
    public Duration margin() {
        return MARGIN;
    }

    @Override
    public Duration maximum() {
        return MAXIMUM;
    }

    @Override
    public String describe() {
        VrrpReport report = state.current();
        return report.role().holdsVip()
                ? "VRRP MASTER of " + report.instance()
                : "keepalived moved the VIP away (now " + report.role() + ")";
    }
}
