package io.lbgate.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One change to a server's state as the stats page shows it: admin state, health, weight.
 *
 * @param server    the server that changed
 * @param oldStatus its status string before ({@code UP}, {@code UP 1/3}, {@code DOWN}, {@code MAINT} ...)
 * @param newStatus its status string after; equal to {@code oldStatus} for a weight change or a
 *                  DRAIN of a server already DOWN
 * @param cause     why: who acted ({@code "changed from CLI"}, {@code "'disable' on stats page"}) or
 *                  the check result ({@code "L4CON Connection refused"})
 * @param timestamp when the registry applied it
 * @param check     the health check result that caused it, {@code null} when an operator or a
 *                  slowstart step did; the health log words its message from it
 * @param forced    the check result an operator imposed (stats page {@code hrunn}/{@code hnolb}/{@code hdown}),
 *                  {@code null} otherwise; {@code cause} then reads as HAProxy's message continues
 *                  ({@code "changed from Web interface"})
 */
public record StateChange(Server server, String oldStatus, String newStatus, String cause, Instant timestamp,
                          CheckResult check, ForcedHealth forced) {
    public StateChange {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(oldStatus, "oldStatus");
        Objects.requireNonNull(newStatus, "newStatus");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** A change caused by a health check ({@code check} not null) or by nothing forced. */
    public StateChange(Server server, String oldStatus, String newStatus, String cause, Instant timestamp,
                       CheckResult check) {
        this(server, oldStatus, newStatus, cause, timestamp, check, null);
    }

    /** A change not caused by a health check. */
    public StateChange(Server server, String oldStatus, String newStatus, String cause, Instant timestamp) {
        this(server, oldStatus, newStatus, cause, timestamp, null, null);
    }

    public Backend backend() {
        return server.backend();
    }

    public boolean statusChanged() {
        return !oldStatus.equals(newStatus);
    }

    /** Whether the server went from usable-by-checks to DOWN: {@code UP*}/{@code NOLB*} to {@code DOWN*}. */
    public boolean wentDown() {
        return !isDown(oldStatus) && isDown(newStatus);
    }

    /** Whether the server came back: {@code DOWN*} to anything but {@code DOWN*} and {@code MAINT}. */
    public boolean cameUp() {
        return isDown(oldStatus) && !isDown(newStatus) && !newStatus.startsWith("MAINT");
    }

    private static boolean isDown(String status) {
        return status.startsWith("DOWN") || status.startsWith("MAINT");
    }
}
