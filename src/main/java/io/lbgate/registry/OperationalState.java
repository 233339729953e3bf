package io.lbgate.registry;

/**
 * What health checks (or their absence) say about a server: HAProxy's {@code srv_state}. Independent
 * of {@link AdminState}: a server can be RUNNING and in MAINT, or STOPPED and READY.
 */
public enum OperationalState {
    /** Down: checks failed {@code fall} times, or the server is in maintenance. */
    STOPPED,
    /** Up and ramping its weight ({@code slowstart}); takes traffic. */
    STARTING,
    /** Up; takes traffic. */
    RUNNING,
    /** Up but soft-stopped (NOLB): serves persistent traffic only. */
    STOPPING;

    /** Whether load-balanced traffic may go to a server in this state (docs/haproxy-behaviour.md, "Load balancing"). */
    public boolean isUp() {
        return this == STARTING || this == RUNNING;
    }
}
