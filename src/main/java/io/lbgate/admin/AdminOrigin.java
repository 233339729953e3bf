package io.lbgate.admin;

/**
 * Where an admin action came from, which is how HAProxy's server messages and lbgate's audit log
 * name its source: the stats page's form or a runtime API socket.
 */
public enum AdminOrigin {
    STATS_PAGE,
    RUNTIME_API;

    /** The cause a state change carries ({@code 'drain' on stats page by ops}, {@code changed from CLI}). */
    String cause(AdminAction action, String user) {
        return this == STATS_PAGE ? "'" + action.value() + "' on stats page by " + user : "changed from CLI";
    }

    /** How HAProxy's "forced" health messages go on ({@code changed from Web interface}). */
    String forcedCause() {
        return this == STATS_PAGE ? "changed from Web interface" : "changed from CLI";
    }
}
