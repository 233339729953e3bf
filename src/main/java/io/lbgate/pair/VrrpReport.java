package io.lbgate.pair;

import java.time.Instant;
import java.util.Objects;

/**
 * One report of keepalived's notify script, as lbgate keeps it.
 *
 * @param role     the role keepalived gave
 * @param type     keepalived's TYPE argument: {@code INSTANCE} or {@code GROUP}; empty before any report
 * @param instance keepalived's NAME argument: the {@code vrrp_instance} (or sync group) name
 * @param priority keepalived's PRIORITY argument: the instance's effective priority then; -1 if not given
 * @param since    when lbgate received it (for {@link VrrpRole#UNKNOWN}: when lbgate started)
 */
public record VrrpReport(VrrpRole role, String type, String instance, int priority, Instant since) {
    public VrrpReport {
        Objects.requireNonNull(role, "role");
        type = Objects.requireNonNullElse(type, "");
        instance = Objects.requireNonNullElse(instance, "");
        Objects.requireNonNull(since, "since");
    }

    static VrrpReport unknown(Instant start) {
        return new VrrpReport(VrrpRole.UNKNOWN, "", "", -1, start);
    }
}
