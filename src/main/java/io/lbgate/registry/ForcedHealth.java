package io.lbgate.registry;

/**
 * A health check result an operator imposes (stats page {@code hrunn}/{@code hnolb}/{@code hdown},
 * runtime API {@code set server ... health up|stopping|down}). It holds only until the next check
 * result, which counts from the forced health as from any other (HAProxy 2.6).
 */
public enum ForcedHealth {
    /** Health to its maximum ({@code rise + fall - 1}) and the server up: {@code UP}. */
    UP,
    /** Health to its maximum and the server soft-stopped: {@code NOLB}, no new load-balanced traffic. */
    NOLB,
    /** Health to 0 and the server down: {@code DOWN}; {@code rise} passed checks bring it back. */
    DOWN
}
