package io.lbgate.config;

import java.util.List;

/**
 * The {@code global} section.
 *
 * @param maxconn total concurrent client connections for the process; 0 means not set
 * @param logs    syslog targets that {@code log global} refers to
 */
public record GlobalSettings(int maxconn, List<LogTarget> logs) {
    public static final GlobalSettings DEFAULT = new GlobalSettings(0, List.of());

    public GlobalSettings {
        logs = List.copyOf(logs);
    }
}
