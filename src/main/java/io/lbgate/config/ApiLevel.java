package io.lbgate.config;

import java.util.Locale;

/**
 * The rights of a runtime API socket ({@code stats socket ... level}), lowest first, as HAProxy 2.6:
 * {@code user} reads statistics and weights, {@code operator} adds sessions, the environment and
 * clearing maximums, {@code admin} changes servers. {@code operator} when not written.
 */
public enum ApiLevel {
    USER,
    OPERATOR,
    ADMIN;

    /** The word haproxy.cfg and {@code show cli level} use ({@code operator}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this level may run a command that needs {@code required}. */
    public boolean allows(ApiLevel required) {
        return compareTo(required) >= 0;
    }
}
