package io.lbgate.config.properties;

import java.util.regex.Pattern;

/**
 * A syslog destination: {@code log ADDRESS[:PORT] FACILITY [LEVEL]}.
 *
 * @param address  'host[:port]' of the syslog server; the port is 514 unless given
 * @param facility the syslog facility, e.g. 'local2'
 * @param level    the most verbose level sent ('emerg' ... 'debug'); all levels when unset
 */
public record LogTargetProperties(
        String address,
        String facility,
        String level) {

    private static final Pattern FACILITY = Pattern.compile(
            "kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|auth2|ftp|ntp|audit|alert|cron2|local[0-7]");
    private static final Pattern LEVEL = Pattern.compile("emerg|alert|crit|err|warning|notice|info|debug");

    void checkValues(PropertyChecks at) {
        at.address("address", address, PropertyAddresses::syslog);
        if (at.required("facility", facility)) {
            at.matches("facility", facility, FACILITY.asMatchPredicate(), "a syslog facility: kern, user, mail,"
                    + " daemon, auth, syslog, lpr, news, uucp, cron, auth2, ftp, ntp, audit, alert, cron2,"
                    + " local0 ... local7");
        }
        at.matches("level", level, LEVEL.asMatchPredicate(),
                "a syslog level: emerg, alert, crit, err, warning, notice, info or debug");
    }
}
