package io.lbgate.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code global} section.
 *
 * @param maxconn    total concurrent client connections for the process; 0 means not set
 * @param logs       syslog targets that {@code log global} refers to
 * @param runtimeApi the {@code stats socket} lines and {@code stats timeout}/{@code maxconn}
 */
public record GlobalSettings(int maxconn, List<LogTarget> logs, RuntimeApiSettings runtimeApi) {
    public static final GlobalSettings DEFAULT = new GlobalSettings(0, List.of());

    public GlobalSettings {
        logs = List.copyOf(logs);
        Objects.requireNonNull(runtimeApi, "runtimeApi");
    }

    /** Without a runtime API. */
    public GlobalSettings(int maxconn, List<LogTarget> logs) {
        this(maxconn, logs, RuntimeApiSettings.NONE);
    }
}
