package io.lbgate.config.properties;

import io.lbgate.config.ApiLevel;
import java.util.regex.Pattern;

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
        String address,
        String mode,
        ApiLevel level,
        String user,
        String group,
        boolean exposeFdListeners) {

    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{1,3}");

    public StatsSocketProperties {
        level = level == null ? ApiLevel.OPERATOR : level;
    }

    /** The address is read by the converter: a path or a bind address, whose errors it reports. */
    void checkValues(PropertyChecks at) {
        at.required("address", address);
        at.matches("mode", mode, OCTAL_MODE.asMatchPredicate(), "an octal mode such as 600");
    }
}
