package io.lbgate.config;

import java.util.List;

/**
 * How a proxy logs its traffic.
 *
 * @param format     which access-log line, if any ({@code option httplog} / {@code option tcplog})
 * @param dontLogNull skip connections that sent nothing ({@code option dontlognull})
 * @param targets    the syslog targets, with {@code log global} already resolved
 */
public record LogSettings(Format format, boolean dontLogNull, List<LogTarget> targets) {
    public static final LogSettings NONE = new LogSettings(Format.NONE, false, List.of());

    public LogSettings {
        targets = List.copyOf(targets);
    }

    public enum Format { NONE, HTTPLOG, TCPLOG }
}
