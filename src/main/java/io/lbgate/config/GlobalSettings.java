package io.lbgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code global} section.
 *
 * @param maxconn       total concurrent client connections for the process; 0 means not set
 * @param logs          syslog targets that {@code log global} refers to
 * @param runtimeApi    the {@code stats socket} lines and {@code stats timeout}/{@code maxconn}
 * @param grace         {@code grace}: how long the process keeps accepting after a stop signal,
 *                      readiness already false (so a VIP or load balancer in front moves first);
 *                      {@code null} when not set: then a node that holds a keepalived VIP waits
 *                      until the VIP has moved (at most a few seconds, docs/high-availability.md)
 *                      and any other node waits 0, as HAProxy does
 * @param hardStopAfter {@code hard-stop-after}: the longest a stop (or a reload's old connections)
 *                      may wait for what is in flight; {@code null} when not set, which means
 *                      {@link #DEFAULT_HARD_STOP_AFTER}
 * @param serverState   the server-state files backends read at start; {@link ServerStateFiles#NONE} by default
 */
public record GlobalSettings(int maxconn, List<LogTarget> logs, RuntimeApiSettings runtimeApi, Duration grace,
                             Duration hardStopAfter, ServerStateFiles serverState) {
    public static final GlobalSettings DEFAULT = new GlobalSettings(0, List.of());

    /**
     * How long a stop waits for requests and sessions in flight when {@code hard-stop-after} is not
     * set. HAProxy waits forever; a JVM that never exits after {@code docker stop} or a Kubernetes
     * pod deletion gets killed anyway (Kubernetes' default grace is 30 s), so lbgate ends what is left
     * a little before that, cleanly and with exit status 0.
     */
    public static final Duration DEFAULT_HARD_STOP_AFTER = Duration.ofSeconds(25);

    public GlobalSettings {
        logs = List.copyOf(logs);
        Objects.requireNonNull(runtimeApi, "runtimeApi");
        serverState = Objects.requireNonNullElse(serverState, ServerStateFiles.NONE);
    }

    /** Without a runtime API, stop settings or server-state files. */
    public GlobalSettings(int maxconn, List<LogTarget> logs) {
        this(maxconn, logs, RuntimeApiSettings.NONE, null, null, ServerStateFiles.NONE);
    }

    /** {@code hard-stop-after} when set, else {@link #DEFAULT_HARD_STOP_AFTER}. */
    public Duration stopDeadline() {
        return hardStopAfter != null ? hardStopAfter : DEFAULT_HARD_STOP_AFTER;
    }
}
