package io.lbgate.config.properties;

import io.lbgate.config.LogSettings;
import java.util.List;

/**
 * How a proxy logs its traffic. In a frontend or backend, each unset key is taken from
 * {@code lbgate.defaults.log}.
 *
 * @param format      'httplog' ('option httplog'), 'tcplog' ('option tcplog')
 *                    or 'none'. Default none.
 * @param dontLogNull 'option dontlognull': skip connections that sent nothing. Default false.
 * @param global      'log global': send to the targets of 'lbgate.global.logs'. Default false.
 * @param targets     syslog targets of this proxy alone, after the global ones. Default none.
 */
public record LogProperties(
        LogSettings.Format format,
        Boolean dontLogNull,
        Boolean global,
        List<LogTargetProperties> targets) {

    static final LogProperties UNSET = new LogProperties(null, null, null, null);

    void checkValues(PropertyChecks at) {
        if (targets != null) {
            at.each("targets", targets, LogTargetProperties::checkValues);
        }
    }
}
