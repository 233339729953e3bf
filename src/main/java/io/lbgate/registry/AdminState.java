package io.lbgate.registry;

/**
 * What an operator decided about a server (stats page, runtime API, {@code disabled} in the
 * configuration): HAProxy's administrative flags reduced to the three states lbgate exposes.
 */
public enum AdminState {
    /** Takes traffic if operationally up. */
    READY,
    /** Keeps its established sessions but gets no new load-balanced ones. */
    DRAIN,
    /** Out of service: no traffic, health checks paused, reported as {@code MAINT}. */
    MAINT
}
