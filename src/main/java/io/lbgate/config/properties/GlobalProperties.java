package io.lbgate.config.properties;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The {@code global} section.
 *
 * @param maxconn total concurrent client connections of the process; 0 (the default) means not set
 * @param logs    syslog targets that 'log.global: true' in a proxy refers to
 * @param grace   haproxy.cfg's {@code grace}: after a stop signal, readiness turns false at once but
 *                the frontends keep accepting this long; not set means 0
 * @param hardStopAfter haproxy.cfg's {@code hard-stop-after}: the longest a stop waits for requests and
 *                sessions in flight; not set means 25s (see docs/reload-and-stop.md)
 */
public record GlobalProperties(
        @Min(0) int maxconn,
        List<@NotNull @Valid LogTargetProperties> logs,
        @DurationMin(millis = 0) Duration grace,
        @DurationMin(millis = 0) Duration hardStopAfter) {

    public GlobalProperties {
        logs = logs == null ? List.of() : logs;
    }
}
