package io.lbgate.pair;

import java.util.Locale;
import java.util.Optional;

/**
 * This node's VRRP role as keepalived last reported it through the notify script: keepalived's own
 * state names, plus {@link #UNKNOWN} before the first report (keepalived calls the script only on a
 * transition, so a gateway started while its keepalived stays in one state learns the role at the
 * next transition).
 */
public enum VrrpRole {
    /** No report since this process started. */
    UNKNOWN,
    /** This node holds the virtual IP: clients' traffic arrives here. */
    MASTER,
    /** The peer holds the virtual IP; this node takes over if the peer fails. */
    BACKUP,
    /** keepalived found a fault (an interface down, a failing tracked script with no weight) and released the VIP. */
    FAULT,
    /** keepalived stopped its VRRP instance and released the VIP. */
    STOP;

    /** Whether clients' traffic for the virtual IP arrives at this node. */
    public boolean holdsVip() {
        return this == MASTER;
    }

    /** The role keepalived names {@code state} (MASTER, BACKUP, FAULT, STOP; any case); empty for anything else. */
    public static Optional<VrrpRole> fromNotify(String state) {
        if (state == null) {
            return Optional.empty();
        }
        return switch (state.strip().toUpperCase(Locale.ROOT)) {
            case "MASTER" -> Optional.of(MASTER);
            case "BACKUP" -> Optional.of(BACKUP);
            case "FAULT" -> Optional.of(FAULT);
            case "STOP" -> Optional.of(STOP);
            default -> Optional.empty();
        };
    }
}
