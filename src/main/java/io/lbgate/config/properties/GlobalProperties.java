package io.lbgate.config.properties;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The {@code global} section.
 *
 * @param maxconn total concurrent client connections of the process; 0 (the default) means not set
 * @param logs    syslog targets that 'log.global: true' in a proxy refers to
 */
public record GlobalProperties(
        @Min(0) int maxconn,
        List<@NotNull @Valid LogTargetProperties> logs) {

    public GlobalProperties {
        logs = logs == null ? List.of() : logs;
    }
}
