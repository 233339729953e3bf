package io.lbgate.config.properties;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code global} section.
 *
 * @param maxconn total concurrent client connections of the process; 0 (the default) means not set
 * @param logs    syslog targets that 'log.global: true' in a proxy refers to
 * @param statsSockets 'stats socket': the runtime API sockets (docs/runtime-api.md); none by default
 * @param statsTimeout 'stats timeout': an idle runtime API client is closed after it. Default 10s.
 * @param statsMaxconn 'stats maxconn': runtime API connections served at once. Default 10.
 * @param grace   haproxy.cfg's {@code grace}: after a stop signal, readiness turns false at once but
 *                the frontends keep accepting this long; not set means 0, or on a VRRP MASTER until
 *                keepalived has moved the VIP (docs/high-availability.md)
 * @param hardStopAfter haproxy.cfg's {@code hard-stop-after}: the longest a stop waits for requests and
 *                sessions in flight; not set means 25s (see docs/reload-and-stop.md)
 */
public record GlobalProperties(
        int maxconn,
        List<LogTargetProperties> logs,
        List<StatsSocketProperties> statsSockets,
        @DefaultValue("10s") Duration statsTimeout,
        @DefaultValue("10") int statsMaxconn,
        Duration grace,
        Duration hardStopAfter) {

    public GlobalProperties {
        logs = logs == null ? List.of() : logs;
        statsSockets = statsSockets == null ? List.of() : statsSockets;
        statsTimeout = statsTimeout == null ? Duration.ofSeconds(10) : statsTimeout;
        statsMaxconn = statsMaxconn == 0 ? 10 : statsMaxconn;
    }

    void checkValues(PropertyChecks at) {
        at.atLeast("maxconn", maxconn, 0);
        at.each("logs", logs, LogTargetProperties::checkValues);
        at.each("stats-sockets", statsSockets, StatsSocketProperties::checkValues);
        at.atLeast("stats-timeout", statsTimeout, Duration.ofMillis(1));
        at.atLeast("stats-maxconn", statsMaxconn, 1);
        at.atLeast("grace", grace, Duration.ZERO);
        at.atLeast("hard-stop-after", hardStopAfter, Duration.ZERO);
    }
}
