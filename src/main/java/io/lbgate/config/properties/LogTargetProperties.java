package io.lbgate.config.properties;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A syslog destination: {@code log ADDRESS[:PORT] FACILITY [LEVEL]}.
 *
 * @param address  'host[:port]' of the syslog server; the port is 514 unless given
 * @param facility the syslog facility, e.g. 'local2'
 * @param level    the most verbose level sent ('emerg' ... 'debug'); all levels when unset
 */
public record LogTargetProperties(
        @NotBlank @Address(Address.Form.SYSLOG) String address,
        @NotBlank
        @Pattern(regexp = "kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|auth2|ftp|ntp|audit|alert|cron2"
                + "|local[0-7]", message = "unknown syslog facility")
        String facility,
        @Pattern(regexp = "emerg|alert|crit|err|warning|notice|info|debug", message = "unknown syslog level")
        String level) {
}
