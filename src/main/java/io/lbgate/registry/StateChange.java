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
 */
public record StateChange(Server server, String oldStatus, String newStatus, String cause, Instant timestamp) {
    public StateChange {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(oldStatus, "oldStatus");
        Objects.requireNonNull(newStatus, "newStatus");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public Backend backend() {
        return server.backend();
    }

    public boolean statusChanged() {
        return !oldStatus.equals(newStatus);
    }
}
