package io.lbgate.pair;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's VRRP role: {@link VrrpRole#UNKNOWN} until keepalived's notify script reports, then
 * the last report. Read by the stats page, the health details, the metrics and the graceful stop;
 * written only by {@link #report}. Every change of role is logged.
 */
public final class VrrpState {
    private static final Logger log = LoggerFactory.getLogger(VrrpState.class);

    private final Clock clock;
    private final AtomicReference<VrrpReport> current;

    public VrrpState(Clock clock) {
        this.clock = clock;
        this.current = new AtomicReference<>(VrrpReport.unknown(clock.instant()));
    }

    public VrrpReport current() {
        return current.get();
    }

    public VrrpRole role() {
        return current.get().role();
    }

    /** Records what keepalived reported; the report as kept. */
    public VrrpReport report(VrrpRole role, String type, String instance, int priority) {
        VrrpReport next = new VrrpReport(role, type, instance, priority, clock.instant());
        VrrpReport previous = current.getAndSet(next);
        if (previous.role() != role) {
            log.info("VRRP role of {} {} is now {} (was {}), priority {}", type.isEmpty() ? "instance" : type.toLowerCase(),
                    instance, role, previous.role(), priority);
        } else {
            log.debug("VRRP role of {} stays {}, priority {}", instance, role, priority);
        }
        return next;
    }
}
