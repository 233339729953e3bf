package io.lbgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The runtime API of {@code global}: its sockets and their shared limits.
 *
 * @param sockets  every {@code stats socket} line, in file order; empty means no runtime API
 * @param timeout  {@code stats timeout}: a client idle this long is closed; 10 s unless written
 * @param maxconn  {@code stats maxconn}: connections served at once over all the sockets; 10
 *                 unless written. More wait in the kernel's backlog, as with HAProxy, so a flood of
 *                 API clients cannot take threads or memory from the data plane.
 */
public record RuntimeApiSettings(List<StatsSocket> sockets, Duration timeout, int maxconn) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAXCONN = 10;
    public static final RuntimeApiSettings NONE = new RuntimeApiSettings(List.of(), DEFAULT_TIMEOUT, DEFAULT_MAXCONN);

    public RuntimeApiSettings {
        sockets = List.copyOf(sockets);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        if (maxconn < 1) {
            throw new IllegalArgumentException("maxconn: " + maxconn + " (expected: >= 1)");
        }
    }
}
