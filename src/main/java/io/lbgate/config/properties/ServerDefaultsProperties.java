package io.lbgate.config.properties;

import io.lbgate.config.ProxyProtocol;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * {@code default-server [params]}: the parameters every server of a backend starts from. A backend's
 * block starts from {@code lbgate.defaults.default-server}; each key it leaves unset is taken from
 * there, and HAProxy's built-in value when unset everywhere.
 *
 * @param check                        'check': run health checks. Default false.
 * @param inter                        'inter': interval between checks while healthy. Default 2s.
 * @param fastInter                    'fastinter': interval while going up or down; 'inter' when unset
 * @param downInter                    'downinter': interval while DOWN; 'inter' when unset
 * @param rise                         'rise': consecutive passed checks to go UP. Default 2.
 * @param fall                         'fall': consecutive failed checks to go DOWN. Default 3.
 * @param weight                       'weight': share of the load, 0..256. Default 1.
 * @param maxconn                      'maxconn': concurrent connections per server; 0 (the default)
 *                                     is unlimited
 * @param maxqueue                     'maxqueue': requests queued per server; 0 (the default) is unlimited
 * @param backup                       'backup': servers are backups. Default false.
 * @param disabled                     'disabled': servers start in maintenance. Default false.
 * @param sendProxy                    'none' (the default), 'v1' or 'v2'
 * @param checkSendProxy               'check-send-proxy'. Default false.
 * @param slowstart                    'slowstart'; none when unset or 0
 * @param onMarkedDownShutdownSessions 'on-marked-down shutdown-sessions'. Default false.
 * @param checkPort                    'port' for health checks; 0 (the default) is the server's port
 * @param checkAddr                    'addr' for health checks; the server's address when unset
 */
public record ServerDefaultsProperties(
        Boolean check,
        @DurationMin(millis = 1) Duration inter,
        @DurationMin(millis = 1) Duration fastInter,
        @DurationMin(millis = 1) Duration downInter,
        @Min(1) Integer rise,
        @Min(1) Integer fall,
        @Min(0) @Max(256) Integer weight,
        @Min(0) Integer maxconn,
        @Min(0) Integer maxqueue,
        Boolean backup,
        Boolean disabled,
        ProxyProtocol sendProxy,
        Boolean checkSendProxy,
        @DurationMin(millis = 0) Duration slowstart,
        Boolean onMarkedDownShutdownSessions,
        @Min(0) @Max(65535) Integer checkPort,
        String checkAddr) {

    static final ServerDefaultsProperties UNSET = new ServerDefaultsProperties(null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null);
}
