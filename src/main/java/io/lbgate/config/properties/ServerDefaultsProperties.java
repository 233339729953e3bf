package io.lbgate.config.properties;

import io.lbgate.config.ProxyProtocol;
import java.time.Duration;

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
        Duration inter,
        Duration fastInter,
        Duration downInter,
        Integer rise,
        Integer fall,
        Integer weight,
        Integer maxconn,
        Integer maxqueue,
        Boolean backup,
        Boolean disabled,
        ProxyProtocol sendProxy,
        Boolean checkSendProxy,
        Duration slowstart,
        Boolean onMarkedDownShutdownSessions,
        Integer checkPort,
        String checkAddr) {

    static final ServerDefaultsProperties UNSET = new ServerDefaultsProperties(null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null);

    /** Also the rules of a server's own parameters ({@link ServerProperties#checkValues}): same keys. */
    void checkValues(PropertyChecks at) {
        Duration oneMilli = Duration.ofMillis(1);
        at.atLeast("inter", inter, oneMilli);
        at.atLeast("fast-inter", fastInter, oneMilli);
        at.atLeast("down-inter", downInter, oneMilli);
        at.atLeast("rise", rise, 1);
        at.atLeast("fall", fall, 1);
        at.between("weight", weight, 0, 256);
        at.atLeast("maxconn", maxconn, 0);
        at.atLeast("maxqueue", maxqueue, 0);
        at.atLeast("slowstart", slowstart, Duration.ZERO);
        at.between("check-port", checkPort, 0, 65535);
    }
}
