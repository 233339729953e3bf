package io.lbgate.config.properties;

import io.lbgate.config.ProxyProtocol;
import java.time.Duration;

/**
 * One {@code server NAME ADDRESS [params]} line of a backend. Each unset parameter is taken from the
 * backend's {@code default-server}, then from {@code lbgate.defaults.default-server}, then HAProxy's
 * built-in value (given below).
 *
 * @param name                         unique within its backend
 * @param address                      'host:port'; the host may be a name, resolved once at start,
 *                                     or an IP ('[::1]:8080' for IPv6)
 * @param check                        'check': run health checks. Default false.
 * @param inter                        'inter': interval between checks while healthy. Default 2s.
 * @param fastInter                    'fastinter': interval while going up or down; 'inter' when unset
 * @param downInter                    'downinter': interval while DOWN; 'inter' when unset
 * @param rise                         'rise': consecutive passed checks to go UP. Default 2.
 * @param fall                         'fall': consecutive failed checks to go DOWN. Default 3.
 * @param weight                       'weight': share of the load, 0..256; 0 takes none. Default 1.
 * @param maxconn                      'maxconn': concurrent connections sent to this server;
 *                                     0 (the default) is unlimited
 * @param maxqueue                     'maxqueue': requests queued for this server; 0 (the default)
 *                                     is unlimited
 * @param backup                       'backup': used only when no active server is usable. Default false.
 * @param disabled                     'disabled': starts in maintenance (MAINT). Default false.
 * @param sendProxy                    PROXY protocol header sent on each connection: 'none' (the
 *                                     default), 'v1' ('send-proxy') or 'v2' ('send-proxy-v2')
 * @param checkSendProxy               'check-send-proxy': send the PROXY header on health checks as
 *                                     well. Default false.
 * @param slowstart                    'slowstart': weight ramp-up time after the server comes back;
 *                                     none when unset or 0
 * @param onMarkedDownShutdownSessions 'on-marked-down shutdown-sessions': close the server's sessions
 *                                     when it goes DOWN. Default false.
 * @param checkPort                    'port': port health checks connect to; 0 (the default) is the
 *                                     server's port
 * @param checkAddr                    'addr': address health checks connect to; the server's address
 *                                     when unset
 */
public record ServerProperties(
        String name,
        String address,
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

    /** The same parameters without name and address: what a 'default-server' line sets. */
    ServerDefaultsProperties parameters() {
        return new ServerDefaultsProperties(check, inter, fastInter, downInter, rise, fall, weight, maxconn,
                maxqueue, backup, disabled, sendProxy, checkSendProxy, slowstart, onMarkedDownShutdownSessions,
                checkPort, checkAddr);
    }

    /** Name and address, then the parameters with the rules of a 'default-server' line. */
    void checkValues(PropertyChecks at) {
        at.required("name", name);
        at.address("address", address, PropertyAddresses::server);
        parameters().checkValues(at);
    }
}
