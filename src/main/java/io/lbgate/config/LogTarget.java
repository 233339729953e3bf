package io.lbgate.config;

import java.util.Objects;

/**
 * A syslog destination from {@code log ADDRESS[:PORT] FACILITY [LEVEL]}.
 *
 * @param host     host or IP of the syslog server
 * @param port     UDP port, 514 unless given
 * @param facility syslog facility name (e.g. {@code local2})
 * @param level    maximum level sent, or {@code null} for all
 */
public record LogTarget(String host, int port, String facility, String level) {
    public LogTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(facility, "facility");
    }
}
