package io.lbgate.config.properties;

import io.lbgate.config.ApiLevel;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * One runtime API socket, haproxy.cfg's {@code stats socket} line.
 *
 * @param address           a UNIX socket path (starting with '/') or a TCP 'host:port'
 * @param mode              the socket file's permissions in octal ('600'); the umask decides when unset
 * @param level             'user', 'operator' (the default) or 'admin'
 * @param user              owner of the socket file; unchanged when unset
 * @param group             group of the socket file; unchanged when unset
 * @param exposeFdListeners 'expose-fd listeners': accepted, lbgate passes no descriptor. Default false.
 */
public record StatsSocketProperties(
        @NotBlank String address,
        @Pattern(regexp = "0?[0-7]{1,3}", message = "expected an octal mode such as 600") String mode,
        ApiLevel level,
        String user,
        String group,
        boolean exposeFdListeners) {

    public StatsSocketProperties {
        level = level == null ? ApiLevel.OPERATOR : level;
    }
}
